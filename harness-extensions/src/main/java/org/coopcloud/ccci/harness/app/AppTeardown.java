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
import org.coopcloud.ccci.harness.lifetime.TeardownBudget;

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
    /** What its progress lines call the removal: "teardown" at the run's end, another word mid-run. */
    private final String phase;

    public AppTeardown(AbraCli abra, DockerClient docker, Consumer<String> progress) {
        this(abra, docker, progress, "teardown");
    }

    private AppTeardown(AbraCli abra, DockerClient docker, Consumer<String> progress, String phase) {
        this.abra = abra;
        this.docker = docker;
        this.progress = progress;
        this.phase = phase;
    }

    /**
     * The same removal named for what it is part of ({@code upgrade: removing the installed app}), so
     * the log says "teardown" only in the run's teardown.
     */
    public AppTeardown during(String phaseName) {
        return new AppTeardown(abra, docker, progress, phaseName);
    }

    /**
     * {@link #tearDown(String, String, AppEnv)} within a budget: when the budget interrupts it, the
     * sequence stops where it is, the .env is kept, and the failure names what is left. Any other
     * interrupt (a janitor reap during an aborted run's setup) propagates as such.
     */
    public void tearDown(String domain, String stack, AppEnv env, TeardownBudget budget) throws InterruptedException {
        try {
            tearDown(domain, stack, env);
        } catch (InterruptedException e) {
            if (!budget.spent()) {
                throw e;
            }
            Thread.interrupted(); // the budget's interrupt: the residual check must still ask the daemon
            progress.accept("== teardown of " + stack + " stopped: its budget after the abort was spent ==");
            StackResidue left = new StackTeardown(docker, progress).residue(stack);
            throw new InfrastructureException("teardown of " + stack + " stopped when its budget of "
                    + budget.budget().toSeconds() + " s after the abort was spent; " + left.describe() + " (kept "
                    + env.file().getFileName() + "; the janitor reaps it once this run has ended)", e);
        }
    }

    public void tearDown(String domain, String stack, AppEnv env) throws InterruptedException {
        StackResidue residue = takeDown(domain, stack);
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
        progress.accept("== " + phase + ": nothing of " + stack + " remains ==");
    }

    private StackResidue takeDown(String domain, String stack) throws InterruptedException {
        try {
            abra.undeploy(domain);
        } catch (InfrastructureException e) {
            progress.accept("== " + phase + ": abra undeploy " + domain + " did not complete (" + firstLine(e)
                    + "); removing with docker ==");
        }
        StackTeardown stackTeardown = new StackTeardown(docker, progress);
        stackTeardown.removeServices(stack);
        stackTeardown.awaitContainersAndNetworksGone(stack, WAIT);
        try {
            abra.remove(domain);
        } catch (InfrastructureException e) {
            progress.accept("== " + phase + ": abra app remove " + domain + " did not complete (" + firstLine(e)
                    + "); removing with docker ==");
        }
        return stackTeardown.tearDown(stack, WAIT);
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
