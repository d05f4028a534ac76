package org.coopcloud.ccci.harness.canonical;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.deploy.Convergence;
import org.coopcloud.ccci.harness.deploy.ConvergenceWait;
import org.coopcloud.ccci.harness.deploy.StackTeardown;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;

/**
 * Puts a canonical app back to exactly its known-good state, whatever a run left: the stack is
 * undeployed (volumes and secrets stay), its release is deployed pinned, and its snapshot restored
 * over the data; then the version label must be the release's. One path for every case (a quick
 * run that passed, failed, was aborted, or was killed hard and is repaired later), so the path
 * every quick run takes is the one a repair takes.
 *
 * <p>It runs with the canonical app's domain lock held by the caller. Any step that does not
 * complete throws, and the caller keeps the mark: the app is still changed, and the next run or
 * janitor tries again.
 */
public final class CanonicalRestorer {
    private static final Duration GONE_WAIT = Duration.ofSeconds(120);
    /** The restorer reads only the version label (from the swarm): it never reaches the app by HTTP. */
    private static final Ingress NO_INGRESS = new Ingress(Optional.empty(), false);

    private final AbraCli abra;
    private final ProcessRunner runner;
    private final Path abraHome;
    private final DockerClient docker;
    private final Consumer<String> progress;

    /**
     * @param abra     the abra to use (its executable and timeout; it runs in a private ABRA_DIR)
     * @param runner   the process runner to start it with
     * @param abraHome the host's abra home, whose {@code servers/} holds the canonical app's .env
     */
    public CanonicalRestorer(AbraCli abra, ProcessRunner runner, Path abraHome, DockerClient docker,
            Consumer<String> progress) {
        this.abra = abra;
        this.runner = runner;
        this.abraHome = abraHome;
        this.docker = docker;
        this.progress = progress;
    }

    /**
     * @param beforeDeploy called before the release's deploy (a run counts it with its deploy guard)
     * @param envFile      the canonical app's .env (only read, for the version label check)
     */
    public void restore(CanonicalRecord record, Duration timeout, Runnable beforeDeploy, Path envFile)
            throws InterruptedException {
        try (PrivateAbraDir dir = PrivateAbraDir.create(abraHome)) {
            AbraCli abra = new AbraCli(this.abra.executable(),
                    runner.withEnvironment(Map.of(RunWorkspace.ABRA_DIR_ENV, dir.path().toString())), this.abra.timeout());
            restore(abra, record, timeout, beforeDeploy, envFile);
        } catch (IOException e) {
            throw new InfrastructureException("canonical " + record.domain() + ": cannot make a private ABRA_DIR: "
                    + e.getMessage(), e);
        }
    }

    private void restore(AbraCli abra, CanonicalRecord record, Duration timeout, Runnable beforeDeploy, Path envFile)
            throws InterruptedException {
        String domain = record.domain();
        String stack = RunNaming.stack(domain);
        progress.accept("== canonical " + record.recipe() + ": restoring " + domain + " to release " + record.version()
                + record.snapshot().map(s -> " and snapshot " + s).orElse("") + " ==");
        if (!docker.services(Filters.label(DockerClient.STACK_LABEL + "=" + stack)).isEmpty()) {
            try {
                abra.undeploy(domain);
            } catch (InfrastructureException e) {
                progress.accept("== canonical: abra undeploy did not complete; removing the services with docker ==");
            }
            StackTeardown teardown = new StackTeardown(docker, progress);
            teardown.removeServices(stack);
            if (!teardown.awaitContainersAndNetworksGone(stack, GONE_WAIT)) {
                throw new InfrastructureException("canonical " + domain + ": the old services' containers did not stop");
            }
        }
        beforeDeploy.run();
        Instant deployBegan = Instant.now();
        abra.deploy(domain, Optional.of(record.version()), false);
        awaitConverged(stack, timeout, "the release " + record.version(), deployBegan);
        if (record.snapshot().isPresent()) {
            Instant restoreBegan = Instant.now();
            abra.restore(domain);
            awaitConverged(stack, timeout, "the snapshot restore", restoreBegan);
        }
        String label = new RecipeApp(record.recipe(), domain, stack, new AppEnv(envFile), docker, NO_INGRESS).versionLabel()
                .orElse("(none)");
        if (!label.equals(record.version())) {
            throw new InfrastructureException("canonical " + domain + " is labelled " + label + " after the restore, not "
                    + record.version());
        }
        progress.accept("== canonical " + record.recipe() + ": back at " + record.version() + " ==");
    }

    private void awaitConverged(String stack, Duration timeout, String what, Instant began) throws InterruptedException {
        Convergence convergence = new ConvergenceWait(docker, progress).await(stack, timeout, began);
        if (!convergence.converged()) {
            throw new InfrastructureException("canonical " + stack + " did not come back after " + what + ": "
                    + convergence.describe());
        }
    }
}
