package org.coopcloud.ccci.harness.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.AppFailureException;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.harness.deploy.Convergence;
import org.coopcloud.ccci.harness.deploy.ConvergenceWait;
import org.coopcloud.ccci.harness.deploy.DeployTimeout;
import org.coopcloud.ccci.harness.deploy.StackObjects;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.profile.ReadinessProbe;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Deploys the run's app and waits until it really runs: {@code abra app new} (once), the profile's
 * .env values and install steps, the deploy (counted by the deploy guard), the convergence wait,
 * then the HTTP health check and the profile's readiness probes. Anything the app does wrong is an
 * {@link AppFailureException} with the tasks' errors; anything the platform does wrong stays an
 * infrastructure failure.
 */
public final class AppDeployer {
    private final RunContext run;
    private final RunPlatform platform;
    private final RunWorkspace workspace;
    private final RecipeProfile profile;
    private final Consumer<String> progress;

    public AppDeployer(RunContext run, RunPlatform platform, RunWorkspace workspace, RecipeProfile profile,
            Consumer<String> progress) {
        this.run = run;
        this.platform = platform;
        this.workspace = workspace;
        this.profile = profile;
        this.progress = progress;
    }

    /** The app's .env, where abra keeps it for the local server. */
    public AppEnv env() {
        return new AppEnv(workspace.abraDir().resolve("servers").resolve("default").resolve(run.domain() + ".env"));
    }

    public RecipeApp app() {
        return new RecipeApp(run.spec().recipe(), run.domain(), run.stack(), env(), platform.docker(),
                run.store().get(Ingress.class).orElseGet(() -> Ingress.from(run.settings())));
    }

    /** {@code abra app new} for this run's domain, then the profile's .env values and install steps. */
    public void create(Optional<String> version, boolean chaos) throws Exception {
        platform.abra().appNew(run.spec().recipe(), version, run.domain(), chaos);
        AppEnv env = env();
        NewAppEnv.apply(env, profile);
        // Every creation of the app (install, and again for the upgrade's base) gets the dependencies' values.
        Optional<Dependencies> dependencies = run.store().get(Dependencies.class);
        if (dependencies.isPresent()) {
            DependencyDeployer.wire(dependencies.get(), profile.needs(), env, progress);
        }
        new OperatorSecrets(platform.abra(), profile.secretValues(), profile.operatorSecretFiles(),
                OperatorSecrets.secretsDirectory(run.settings()), run.events(), progress).insert(run.domain(), env);
    }

    /**
     * Deploys a version (the pinned tag) or, with {@code chaos}, the checkout as it is (the PR head),
     * then waits for convergence, health and readiness.
     *
     * @param purpose what this deploy is for, as the deploy guard and the events record it
     */
    public void deploy(String purpose, Optional<String> version, boolean chaos) throws InterruptedException {
        String label = version.orElse(chaos ? "PR head" : "newest release");
        run.events().emit("deploy.start", Map.of("purpose", purpose, "version", label));
        workspace.deploys().recordDeploy(purpose + " (" + label + ")");
        Instant began = Instant.now();
        platform.abra().deploy(run.domain(), version, chaos);
        DeployTimeout timeout = deployTimeout();
        try {
            awaitRunning(purpose, began, timeout);
        } catch (AppFailureException e) {
            // When it failed, against the deploy timeout: fail-fast is visible (and checked) in the events.
            run.events().emit("deploy.failed", Map.of("purpose", purpose, "version", label,
                    "seconds", secondsSince(began), "timeout_seconds", timeout.limit().toSeconds()));
            throw e;
        }
        run.events().emit("deploy.done", Map.of("purpose", purpose, "version", label, "seconds", secondsSince(began)));
    }

    /** Convergence, then health, then readiness probes; fails naming what did not come up. */
    public void awaitRunning(String purpose) throws InterruptedException {
        awaitRunning(purpose, Instant.now(), deployTimeout());
    }

    /**
     * The profile's (or operator's) deploy timeout, else the recipe's {@code coop-cloud.${STACK_NAME}.timeout}
     * label on the deployed services, else the default; said once in the log.
     */
    private DeployTimeout deployTimeout() throws InterruptedException {
        DeployTimeout timeout = DeployTimeout.of(profile.declaredDeployTimeout(), profile.deployTimeout(), run.stack(),
                new StackObjects(platform.docker()).services(run.stack()));
        progress.accept("== deploy timeout " + timeout.limit().toSeconds() + " s (" + timeout.source() + ") ==");
        return timeout;
    }

    /** @param began when the change being awaited began: earlier failed tasks do not count against it */
    private void awaitRunning(String purpose, Instant began, DeployTimeout timeout) throws InterruptedException {
        Convergence convergence = new ConvergenceWait(platform.docker(), progress).await(run.stack(), timeout.limit(), began);
        if (!convergence.converged()) {
            String message = purpose + ": " + convergence.describe();
            throw convergence.cause().map(c -> new AppFailureException(message, c.prefixed(purpose + ": ")))
                    .orElseGet(() -> new AppFailureException(message));
        }
        progress.accept("== " + convergence.describe() + " ==");
        awaitHealthy(purpose);
        for (Class<? extends ReadinessProbe> probe : profile.readinessProbes()) {
            try {
                ReflectionSupport.newInstance(probe).check(app());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | AssertionError e) {
                throw new AppFailureException(purpose + ": readiness probe " + probe.getSimpleName() + " failed: "
                        + e.getMessage(), e);
            }
        }
    }

    private static double secondsSince(Instant began) {
        return Math.round(Duration.between(began, Instant.now()).toMillis() / 100.0) / 10.0;
    }

    private void awaitHealthy(String purpose) throws InterruptedException {
        HealthCheckResult last = ServingWait.await(app(), profile);
        if (last.healthy()) {
            progress.accept("== " + last.detail() + " ==");
            return;
        }
        throw new AppFailureException(purpose + ": the app converged but does not serve within "
                + profile.healthTimeout().toSeconds() + " s: " + last.detail());
    }
}
