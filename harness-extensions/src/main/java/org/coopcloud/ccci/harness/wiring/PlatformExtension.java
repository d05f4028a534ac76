package org.coopcloud.ccci.harness.wiring;

import org.coopcloud.ccci.harness.platform.RunPlatform;
import java.time.Duration;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.janitor.JanitorPorts;
import org.coopcloud.ccci.harness.workspace.AbraHome;
import org.coopcloud.ccci.harness.process.ProcessRunner;

/**
 * Finds abra and the Docker daemon for the run, once the workspace exists (so abra runs with the
 * run's ABRA_DIR), and fails early with what to do when either is missing.
 */
public final class PlatformExtension implements BeforeRunCallback {
    public static final String ABRA_TIMEOUT_PARAMETER = "ccci.abra.timeout.seconds";
    public static final String ABRA_TIMEOUT_ENV = "CCCI_ABRA_TIMEOUT_SECONDS";

    @Override
    public int order() {
        return ExtensionOrder.PLATFORM;
    }

    @Override
    public void beforeRun(RunContext run) throws Exception {
        ProcessRunner runner = run.store().get(ProcessRunner.class).orElseGet(ProcessRunner::new);
        Duration abraTimeout = Duration.ofSeconds(Long.parseLong(
                run.settings().get(ABRA_TIMEOUT_PARAMETER, ABRA_TIMEOUT_ENV).orElse("900")));
        AbraCli abra = AbraCli.locate(run.settings(), runner, abraTimeout);
        DockerClient docker = DockerClient.fromEnvironment();
        try {
            docker.ping();
        } catch (RuntimeException e) {
            throw new InfrastructureException("the Docker daemon does not answer on " + docker.socket()
                    + " (" + e.getMessage() + "): start it, or run bin/ccci sandbox up for the local sandbox", e);
        }
        run.store().put(RunPlatform.class, new RunPlatform(runner, abra, docker));
        Ingress ingress = Ingress.from(run.settings());
        run.store().put(Ingress.class, ingress);
        System.out.println("== abra: " + abra.executable() + "; the app at " + ingress.describe(run.domain()) + " ==");
        run.events().emit("platform", java.util.Map.of("abra", abra.executable(), "ingress", ingress.describe(run.domain())));
        // The janitor, next, finds orphans through abra and the swarm and reaps them the way a run tears down.
        run.store().put(JanitorPorts.class, new PlatformJanitorPorts(abra, docker,
                AbraHome.from(run.settings()).resolve("servers").resolve(AbraCli.SERVER)).ports());
    }
}
