package org.coopcloud.ccci.harness.app;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.deploy.StackResidue;
import org.coopcloud.ccci.harness.deploy.StackTeardown;
import org.coopcloud.ccci.harness.docker.DockerClient;

/**
 * Takes one app down completely and proves it: abra's undeploy and remove where they work, then
 * docker primitives for whatever they left (services, then wait for containers and networks, then
 * volumes, secrets and configs), then a residual check. Anything left fails loudly and keeps the
 * app's .env, so the janitor's next sweep finds the app both by abra and by the leftovers.
 */
public final class AppTeardown {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final AbraCli abra;
    private final DockerClient docker;
    private final Consumer<String> progress;

    public AppTeardown(AbraCli abra, DockerClient docker, Consumer<String> progress) {
        this.abra = abra;
        this.docker = docker;
        this.progress = progress;
    }

    public void tearDown(String domain, String stack, AppEnv env) throws InterruptedException {
        try {
            abra.undeploy(domain);
        } catch (InfrastructureException e) {
            progress.accept("== teardown: abra undeploy " + domain + " did not complete (" + firstLine(e)
                    + "); removing with docker ==");
        }
        StackTeardown stackTeardown = new StackTeardown(docker, progress);
        stackTeardown.removeServices(stack);
        stackTeardown.awaitContainersAndNetworksGone(stack, WAIT);
        try {
            abra.remove(domain);
        } catch (InfrastructureException e) {
            progress.accept("== teardown: abra app remove " + domain + " did not complete (" + firstLine(e)
                    + "); removing with docker ==");
        }
        StackResidue residue = stackTeardown.tearDown(stack, WAIT);
        if (!residue.isClean()) {
            // The .env stays as a trace (abra app ls lists the app), next to the leftovers themselves,
            // which the janitor's swarm sweep finds by name or stack label: the next sweep reaps them.
            throw new InfrastructureException("teardown of " + stack + " left: " + residue.describe()
                    + " (kept " + env.file().getFileName() + "; the janitor reaps them once this run has ended)");
        }
        try {
            Files.deleteIfExists(env.file());
        } catch (IOException e) {
            throw new InfrastructureException("teardown could not remove " + env.file() + ": " + e.getMessage(), e);
        }
        progress.accept("== teardown: nothing of " + stack + " remains ==");
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
