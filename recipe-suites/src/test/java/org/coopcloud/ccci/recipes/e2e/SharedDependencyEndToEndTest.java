package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertNothingLeft;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.ExecResult;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared warm dependency end to end: the class promotes a canonical demo-sso (whose profile
 * declares realms as its tenancy) and demo-login runs share it, each with a realm of its own, made
 * before the wiring and removed at teardown (SIGTERM included); the janitor removes a killed run's
 * realm; a run that finds the warm app busy deploys its own demo-sso. The canonical app is removed at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedDependencyEndToEndTest {
    private static final String PROVIDER = "demo-sso";
    private static final String DOMAIN = RunNaming.canonicalDomain(PROVIDER, E2eBuild.current().suffix());

    @TempDir
    static Path work;

    private static Harness harness;

    private static Harness harness() throws Exception {
        if (harness == null) {
            harness = new Harness(work);
        }
        return harness;
    }


    private static Harness.Finished command(String id, String... args) throws Exception {
        return harness().ccci(id, args);
    }

    private static RecipeApp provider() {
        return new RecipeApp(PROVIDER, DOMAIN, RunNaming.stack(DOMAIN), new AppEnv(work.resolve("none.env")),
                DockerClient.fromEnvironment(), new Ingress(Optional.empty(), false)); // exec only
    }

    /** Every realm the warm demo-sso holds, half-made ones included (its volume, read in its task). */
    private static List<String> realms() throws Exception {
        ExecResult list = provider().exec("app", "/realm.sh", "list");
        assertThat(list.succeeded()).as("realm.sh list: %s", list.stderr()).isTrue();
        return Arrays.stream(list.stdout().split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Path tenantRecords() throws Exception {
        return harness().canonicalDir().resolve(PROVIDER).resolve("tenants");
    }

    private static void assertNoTenantLeft() throws Exception {
        assertThat(realms()).as("realms left in " + DOMAIN).isEmpty();
        if (Files.isDirectory(tenantRecords())) {
            try (var files = Files.list(tenantRecords())) {
                assertThat(files.toList()).as("tenant records").isEmpty();
            }
        }
    }

    /** Teardown removed the app, then the run's tenant, and nothing of either is left. */
    private static void assertAppThenTenantTornDown(Harness.Finished run, String tenant) throws Exception {
        int app = run.output().indexOf("nothing of " + run.stack() + " remains");
        int realm = run.output().indexOf("nothing of the tenant " + tenant + " remains in " + DOMAIN);
        assertThat(app).as("the app is torn down").isPositive();
        assertThat(realm).as("then the tenant is removed").isGreaterThan(app);
        assertNothingLeft(run.stack());
        assertNoTenantLeft();
    }

    private static String tenantOf(Harness.Finished run) {
        return String.valueOf(run.event("dependency.tenant").get("tenant"));
    }

    @Test
    @Order(1)
    void promoteMakesTheWarmSso() throws Exception {
        Harness.Finished promote = command("promote", "canonical", PROVIDER, "promote");

        assertThat(promote.status()).as(promote.output()).isZero();
        assertThat(command("status-1", "canonical", PROVIDER, "status").output()).contains("state: clean")
                .contains("tenants: none; runs that need demo-sso share this app");
        assertThat(realms()).isEmpty();
    }

    @Test
    @Order(2)
    void theFullLadderWithItsOwnRealmInTheWarmSsoAndNoDependencyDeploy() throws Exception {
        Harness.Finished run = harness().run("warm-green", Map.of(), "demo-login", "--pr", "71");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.results()).containsEntry("level", 4).containsEntry("verdict", "passed");
        assertThat(run.rung("custom")).containsEntry("status", "pass"); // the app got its realm's client
        String tenant = tenantOf(run);
        assertThat(tenant).isEqualTo(RunNaming.tenantName(String.valueOf(run.results().get("domain"))));
        assertThat(run.event("dependency.tenant")).containsEntry("domain", DOMAIN);
        assertThat(run.count("dependency.start")).as("nothing deployed for the dependency").isZero();
        assertThat(run.count("deploy.start")).as("the plan: the app's three deploys only").isEqualTo(3);
        assertThat(run.eventNames()).containsSubsequence("dependency.tenant", "dependency.done", "deploy.start",
                "teardown.start", "teardown.done");
        assertAppThenTenantTornDown(run, tenant);
        assertThat(command("status-2", "canonical", PROVIDER, "status").output()).contains("state: clean");
    }

    @Test
    @Order(3)
    void twoRunsAtOnceEachGetTheirOwnRealm() throws Exception {
        Process a = harness().startRun("warm-a", Map.of("STAGES", "install,custom"), "demo-login", "--pr", "72");
        Process b = harness().startRun("warm-b", Map.of("STAGES", "install,custom"), "demo-login", "--pr", "73");
        Harness.Finished runA = harness().finish("warm-a", a, Duration.ofMinutes(8));
        Harness.Finished runB = harness().finish("warm-b", b, Duration.ofMinutes(8));

        for (Harness.Finished run : List.of(runA, runB)) {
            assertThat(run.status()).as(run.output()).isZero();
            // The check compares the app's /sso.txt with its own realm's client id and secret line by line.
            assertThat(run.rung("custom")).containsEntry("status", "pass");
            assertThat(run.count("lock.waiting")).as("sharing never waits").isZero();
            assertNothingLeft(run.stack());
        }
        assertThat(tenantOf(runA)).isNotEqualTo(tenantOf(runB));
        assertNoTenantLeft();
    }

    @Test
    @Order(4)
    void afterASigkillTheJanitorRemovesTheDeadRunsRealm() throws Exception {
        Process killed = harness().startRun("warm-kill", Map.of("STAGES", "install"), "demo-login", "--pr", "74");
        harness().awaitEvent("warm-kill", "deploy.start", Duration.ofMinutes(3)); // the realm exists, the app coming
        String tenant = String.valueOf(harness().events("warm-kill").stream()
                .filter(e -> "dependency.tenant".equals(e.get("event"))).findFirst().orElseThrow().get("tenant"));
        killed.destroyForcibly(); // SIGKILL: no teardown
        killed.waitFor(30, TimeUnit.SECONDS);
        assertThat(realms()).contains(tenant);
        assertThat(tenantRecords().resolve(tenant + ".json")).exists();

        Harness.Finished janitor = command("janitor", "janitor");

        assertThat(janitor.status()).as(janitor.output()).isZero();
        assertThat(janitor.output()).contains("tenants of dead runs removed from warm canonical apps: [" + tenant + "]");
        assertNoTenantLeft();
        assertThat(command("status-3", "canonical", PROVIDER, "status").output()).contains("state: clean");
    }

    @Test
    @Order(5)
    void sigtermWhileTheAppDeploysRemovesTheAppThenTheRealm() throws Exception {
        Process step = harness().startRun("warm-term", Map.of("STAGES", "install"), "demo-login", "--pr", "76");
        harness().awaitEvent("warm-term", "deploy.start", Duration.ofMinutes(3)); // the realm is made
        new ProcessBuilder("kill", "-TERM", String.valueOf(step.pid())).start().waitFor(10, TimeUnit.SECONDS);
        Harness.Finished run = harness().finish("warm-term", step, Duration.ofMinutes(4));

        assertThat(run.status()).as(run.output()).isEqualTo(143);
        assertThat(run.results()).containsEntry("verdict", "aborted");
        String tenant = tenantOf(run);
        assertAppThenTenantTornDown(run, tenant);
    }

    @Test
    @Order(6)
    void aRunThatFindsTheWarmSsoBusyDeploysItsOwnInstead() throws Exception {
        // A quick run of demo-sso (or a canonical command) holds the canonical app's lock exclusively.
        Path lockFile = harness().build().lockDir().resolve("cc-ci-app-" + DOMAIN + ".lock");
        Process holder = new ProcessBuilder("flock", "--exclusive", lockFile.toString(), "sh", "-c", "echo held; sleep 600")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held");

            Harness.Finished run = harness().run("warm-busy", Map.of("STAGES", "install"), "demo-login", "--pr", "75");

            assertThat(run.status()).as(run.output()).isZero();
            assertThat(run.output()).contains("] dependency demo-sso: no warm app to share (" + DOMAIN + " is in use");
            assertThat(run.count("dependency.tenant")).isZero();
            assertThat(run.count("dependency.start")).isEqualTo(1);
            assertThat(run.count("lock.waiting")).as("never queued behind the holder").isZero();
            assertNothingLeft(run.stack());
            assertNothingLeft(RunNaming.stack(RunNaming.dependencyDomain(String.valueOf(run.results().get("domain")),
                    PROVIDER, E2eBuild.current().suffix())));
        } finally {
            holder.descendants().forEach(ProcessHandle::destroyForcibly);
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        assertNoTenantLeft();
    }

    /** Whatever failed above, the canonical app does not outlive the class. */
    @AfterAll
    static void removeTheWarmSso() throws Exception {
        if (work != null && Files.exists(harness().canonicalDir().resolve(PROVIDER))) {
            Harness.Finished remove = command("cleanup", "canonical", PROVIDER, "remove");
            assertThat(remove.status()).as(remove.output()).isZero();
            assertNothingLeft(RunNaming.stack(DOMAIN));
        }
    }
}
