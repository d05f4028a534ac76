package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertNothingLeft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipe that needs another app, end to end: demo-login needs demo-sso (sandbox demo recipes).
 * The dependency is deployed first on its own run-app domain, wired into the app's .env, and torn
 * down after the app; a dependency that does not deploy is the platform's failure, a failed wiring
 * makes the checks that need it unverified, and SIGTERM and SIGKILL leave nothing of either behind.
 */
class DependencyEndToEndTest {
    @TempDir
    Path work;

    private static String dependencyStack(Harness.Finished run) {
        return RunNaming.stack(RunNaming.dependencyDomain(String.valueOf(run.results().get("domain")), "demo-sso",
                E2eBuild.current().suffix()));
    }

    @Test
    void theFullLadderWithTheDependencyDeployedFirstAndTornDownLast() throws Exception {
        Harness harness = new Harness(work);
        Harness.Finished run = harness.run("deps-green", Map.of(), "demo-login", "--pr", "51");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.results()).containsEntry("level", 4).containsEntry("verdict", "passed");
        assertThat(run.rung("custom")).containsEntry("status", "pass");
        // dependency, then the install deploy, then the upgrade's two: the plan is 1 + 1 + 2.
        assertThat(run.eventNames()).containsSubsequence("lock.acquired", "lock.acquired", "dependency.start",
                "dependency.done", "deploy.start", "deploy.done");
        assertThat(run.events().stream().filter(e -> "lock.acquired".equals(e.get("event"))).map(e -> e.get("domain")))
                .containsExactly(run.results().get("domain"), RunNaming.dependencyDomain(
                        String.valueOf(run.results().get("domain")), "demo-sso", E2eBuild.current().suffix()));
        assertThat(run.count("dependency.start")).isEqualTo(1);
        assertThat(run.count("deploy.start")).isEqualTo(3); // the guard allowed exactly these four deploys
        int teardownOfApp = run.output().indexOf("nothing of " + run.stack() + " remains");
        int teardownOfDependency = run.output().indexOf("nothing of " + dependencyStack(run) + " remains");
        assertThat(teardownOfApp).as("the app is torn down").isPositive();
        assertThat(teardownOfDependency).as("the dependency is torn down after the app").isGreaterThan(teardownOfApp);
        assertNothingLeft(run.stack());
        assertNothingLeft(dependencyStack(run));
    }

    @Test
    void aDependencyThatDoesNotDeployIsAnInfrastructureErrorNeverTheAppsLevel0() throws Exception {
        Harness harness = new Harness(work);
        Harness.Finished run = harness.run("deps-broken", Map.of("CCCI_DEPENDENCY_VERSIONS", "demo-sso=0.1.0+broken",
                "CCCI_DEPLOY_TIMEOUT_SECONDS", "25", "STAGES", "install"), "demo-login", "--pr", "52");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.results()).containsEntry("verdict", "infrastructure-error").containsEntry("level", null);
        assertThat(String.valueOf(((Map<?, ?>) run.results().get("setup")).get("reason")))
                .contains("the dependency demo-sso").contains("did not deploy");
        assertThat(run.count("deploy.start")).as("the app itself is never deployed").isZero();
        assertNothingLeft(run.stack());
        assertNothingLeft(dependencyStack(run));
    }

    @Test
    void aFailedWiringMakesTheChecksThatNeedTheDependencyUnverified() throws Exception {
        Harness harness = new Harness(work);
        Harness.Finished run = harness.run("deps-unwired", Map.of("CCCI_DEPENDENCY_VERSIONS", "demo-sso=0.2.0+nosecret",
                "STAGES", "install,custom"), "demo-login", "--pr", "53");

        assertThat(run.rung("install")).containsEntry("status", "pass");
        assertThat(run.rung("custom")).containsEntry("status", "unverified");
        assertThat(String.valueOf(run.rung("custom").get("reason"))).contains("demo-sso").contains("wiring failed");
        assertThat(run.results()).containsEntry("level", 1);
        assertThat(run.results().get("verdict")).isNotEqualTo("app-failed");
        assertNothingLeft(run.stack());
        assertNothingLeft(dependencyStack(run));
    }

    @Test
    void sigtermWhileTheDependencyDeploysTearsEverythingDown() throws Exception {
        Harness harness = new Harness(work);
        Process step = harness.startRun("deps-term", Map.of("CCCI_DEPENDENCY_VERSIONS", "demo-sso=0.1.0+broken",
                "STAGES", "install"), "demo-login", "--pr", "54");
        harness.awaitEvent("deps-term", "dependency.start", Duration.ofMinutes(3));
        Thread.sleep(3_000); // inside the dependency's convergence wait (it never converges)
        new ProcessBuilder("kill", "-TERM", String.valueOf(step.pid())).start().waitFor(10, TimeUnit.SECONDS);
        Harness.Finished run = harness.finish("deps-term", step, Duration.ofMinutes(4));

        assertThat(run.status()).as(run.output()).isEqualTo(143);
        assertThat(run.results()).containsEntry("verdict", "aborted");
        assertThat(run.count("deploy.start")).isZero();
        assertNothingLeft(run.stack());
        assertNothingLeft(dependencyStack(run));
        harness.assertLockFree(RunNaming.dependencyDomain(String.valueOf(run.results().get("domain")), "demo-sso",
                E2eBuild.current().suffix()));
    }

    @Test
    void sigkillThenTheJanitorReapsTheDependencyToo() throws Exception {
        Harness harness = new Harness(work);
        Process killed = harness.startRun("deps-kill", Map.of("STAGES", "install"), "demo-login", "--pr", "55");
        harness.awaitEvent("deps-kill", "deploy.start", Duration.ofMinutes(3)); // the dependency is up, the app coming
        String domain = String.valueOf(harness.events("deps-kill").get(0).get("domain"));
        String dependency = RunNaming.stack(RunNaming.dependencyDomain(domain, "demo-sso", E2eBuild.current().suffix()));
        DockerClient docker = DockerClient.fromEnvironment();
        assertThat(docker.service(dependency + "_app")).as("the dependency runs before the kill").isPresent();
        // Kill once the app's service exists too, so the janitor has both to find on the swarm.
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> docker.service(RunNaming.stack(domain) + "_app").isPresent());
        killed.destroyForcibly(); // SIGKILL: no teardown
        killed.waitFor(30, TimeUnit.SECONDS);

        Harness.Finished janitor = harness.finish("janitor", harness.start("janitor", Map.of(),
                List.of(Harness.ROOT.resolve("bin/ccci").toString(), "janitor")), Duration.ofMinutes(5));

        assertThat(janitor.status()).as(janitor.output()).isZero();
        assertThat(janitor.output()).contains(domain).contains(RunNaming.dependencyDomain(domain, "demo-sso",
                E2eBuild.current().suffix()));
        assertNothingLeft(RunNaming.stack(domain));
        assertNothingLeft(dependency);
    }
}
