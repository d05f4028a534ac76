package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertNothingLeft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.recipes.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick lane end to end, on one canonical app of demo-web that the class promotes through
 * {@code bin/ccci canonical} (a real cold run first) and removes at the end. The cases share it in
 * order, each starting from a clean canonical app and proving it clean (release label, promotion's
 * seeded data, no mark) afterwards: a failing quick run, SIGTERM, the hard deadline
 * ({@code CCCI_DEADLINE_SECONDS}, during the upgrade to a fork's head that never gets ready), SIGKILL
 * then the janitor or the next run. Before promotion, {@code --quick} and {@code promote} refuse
 * (no canonical app; a recipe that needs other apps). Promotion costs one cold run; each quick run
 * about 45 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickLaneEndToEndTest {
    private static final String RECIPE = "demo-web";
    private static final String DOMAIN = RunNaming.canonicalDomain(RECIPE, E2eBuild.current().suffix());
    private static final String STACK = RunNaming.stack(DOMAIN);
    private static final String RELEASE = "1.1.0+1.1";

    @TempDir
    static Path work;

    private static Harness harness;
    private static String seed;
    /** From a quick run's start to its upgrade's deploy, as the SIGTERM case measured it (for the deadline case). */
    private static Duration toUpgrade;

    private static Harness harness() throws Exception {
        if (harness == null) {
            harness = new Harness(work);
        }
        return harness;
    }


    private static Harness.Finished canonical(String id, String... args) throws Exception {
        return canonicalOf(RECIPE, id, args);
    }

    private static Harness.Finished canonicalOf(String recipe, String id, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("canonical", recipe));
        command.addAll(List.of(args));
        return harness().ccci(id, command.toArray(String[]::new));
    }

    private static Path markFile() throws Exception {
        return harness().canonicalDir().resolve(RECIPE).resolve("changed.json");
    }

    private static RecipeApp app() {
        return new RecipeApp(RECIPE, DOMAIN, STACK, new AppEnv(work.resolve("none.env")), DockerClient.fromEnvironment(),
                new Ingress(java.util.Optional.empty(), false)); // only the swarm label and in-task GETs are used
    }

    /** Back at its release, with promotion's data, and no mark: what every case must leave. */
    private static void assertCanonicalClean() throws Exception {
        assertThat(app().versionLabel()).as("canonical version label").contains(RELEASE);
        assertThat(app().get("app", 8080, "/cgi-bin/app/get?key=ccci-seed").strip()).as("canonical data").isEqualTo(seed);
        assertThat(markFile()).doesNotExist();
    }

    private static Instant ts(Harness.Finished run, String event) {
        return run.events().stream().filter(e -> event.equals(e.get("event"))).map(e -> Instant.parse((String) e.get("ts")))
                .findFirst().orElseThrow(() -> new AssertionError(run.runId() + " has no " + event));
    }

    private static void kill(Process process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * A fork of demo-web, as a PR from a fork comes ({@code --src someone/demo-web} with
     * {@code CCCI_GIT_BASE} at the returned directory): its branch {@code pr-long-migration} is the
     * good head whose store first migrates a volume that holds data, for an hour, under a health
     * check that allows for it. No task fails, so it is no crash loop: the swarm holds the task in
     * {@code starting} and the convergence wait waits. Made here rather than in the sandbox's
     * catalogue, which every build on the host shares.
     */
    private static Path forkWithAnHourLongMigration() throws Exception {
        Path checkout = work.resolve("fork-checkout");
        Sandbox.git(work, "clone", "--quiet", Sandbox.sandboxDir().resolve("catalogue/demo-web.git").toString(),
                checkout.toString());
        Sandbox.git(checkout, "checkout", "--quiet", "-b", "pr-long-migration", "origin/main");
        Files.writeString(checkout.resolve("store-entrypoint.sh"), """
                #!/bin/sh
                # store: migrates a volume that holds data to storage format 2 (an hour), then serves.
                set -eu
                mkdir -p /data/kv /www
                if [ -n "$(ls /data/kv)" ]; then
                  echo "store: migrating $(ls /data/kv | wc -l) keys to format 2 (about an hour)"
                  sleep 3600
                fi
                exec httpd -f -p 8080 -h /www
                """);
        // A new config version (configs are immutable); short: a config name has at most 64 characters.
        replaceOnce(checkout.resolve("abra.sh"), "STORE_ENTRYPOINT_VERSION=v1", "STORE_ENTRYPOINT_VERSION=v3");
        String compose = Files.readString(checkout.resolve("compose.yml"));
        int store = compose.indexOf("\n  store:");
        assertThat(store).as("demo-web's compose.yml has a store service").isPositive();
        Files.writeString(checkout.resolve("compose.yml"), compose.substring(0, store)
                + replaceOnce(compose.substring(store), "start_period: 10s", "start_period: 2h"));
        Sandbox.git(checkout, "-c", "user.name=someone", "-c", "user.email=someone@cc-ci.invalid", "commit", "--quiet",
                "-am", "store: migrate to storage format 2 before serving");
        Path forks = work.resolve("forks");
        Sandbox.git(work, "clone", "--quiet", "--bare", checkout.toString(), forks.resolve("someone/demo-web.git").toString());
        return forks;
    }

    private static void replaceOnce(Path file, String from, String to) throws Exception {
        Files.writeString(file, replaceOnce(Files.readString(file), from, to));
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text).as("the fork's change applies").containsOnlyOnce(from);
        return text.replace(from, to);
    }

    @Test
    @Order(1)
    void withoutACanonicalAppQuickRefusesNamingTheCommandThatMakesOne() throws Exception {
        Harness.Finished run = harness().run("no-canonical", Map.of(), RECIPE, "--quick", "--pr", "40");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.results()).containsEntry("verdict", "infrastructure-error").containsEntry("quick", true);
        assertThat(String.valueOf(((Map<?, ?>) run.results().get("setup")).get("reason")))
                .contains("bin/ccci canonical demo-web promote");
        assertThat(run.count("deploy.start")).isZero();
        assertNothingLeft(STACK);
    }

    @Test
    @Order(2)
    void aRecipeThatNeedsOtherAppsIsRefusedByQuickAndPromoteBeforeAnythingIsCreated() throws Exception {
        String login = RunNaming.canonicalDomain("demo-login", E2eBuild.current().suffix());
        Harness.Finished run = harness().run("quick-needs", Map.of(), "demo-login", "--quick", "--pr", "48");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.results()).containsEntry("verdict", "infrastructure-error").containsEntry("quick", true);
        assertThat(String.valueOf(((Map<?, ?>) run.results().get("setup")).get("reason")))
                .contains("does not support recipes that need other apps").contains("demo-sso").contains("`!testme`");
        assertThat(run.count("dependency.start")).as("no dependency deployed").isZero();
        assertThat(run.count("deploy.start")).isZero();

        // promote refuses before its cold run: no run (its run id would name a run dir), no app, no record.
        Harness.Finished promote = canonicalOf("demo-login", "promote-needs", "promote");

        assertThat(promote.status()).as(promote.output()).isEqualTo(1);
        assertThat(promote.output()).contains("demo-login needs other apps (demo-sso)").contains("no canonical app")
                .doesNotContain("a cold run of");
        assertThat(harness().runs().resolve("promote-needs")).doesNotExist();
        assertThat(harness().canonicalDir().resolve("demo-login")).doesNotExist();
        assertNothingLeft(RunNaming.stack(login));
        // Nor a dependency, whatever its name: this build has no app yet (promotion comes next).
        String ours = RunNaming.stack(E2eBuild.current().suffix());
        assertThat(DockerClient.fromEnvironment().services(Filters.none()).stream().map(SwarmService::name)
                .filter(name -> name.contains(ours))).as("services of this build").isEmpty();
    }

    @Test
    @Order(3)
    void promoteRunsAColdRunThenKeepsTheReleaseWithDataAndSnapshot() throws Exception {
        Harness.Finished promote = canonical("promote", "promote");

        assertThat(promote.status()).as(promote.output()).isZero();
        assertThat(promote.output()).contains("a cold run of demo-web " + RELEASE).contains("holds " + RELEASE);
        Map<String, Object> record = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(
                Files.readString(harness().canonicalDir().resolve(RECIPE).resolve("canonical.json")));
        assertThat(record).containsEntry("version", RELEASE).containsEntry("domain", DOMAIN);
        assertThat(String.valueOf(record.get("snapshot"))).isNotBlank();
        seed = String.valueOf(record.get("seed"));
        assertThat(seed).startsWith("ccci-canonical-");
        assertCanonicalClean();
        assertThat(canonical("status-1", "status").output()).contains("release " + RELEASE).contains("state: clean");
    }

    @Test
    @Order(4)
    void aFailingQuickRunRestoresTheSnapshotOverDataThePrHeadDestroyed() throws Exception {
        Harness.Finished run = harness().run("quick-wipes", Map.of(), RECIPE, "--quick", "--ref", "pr-wipes-data", "--pr", "41");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("upgrade")).containsEntry("status", "fail").containsEntry("failure_kind", "app");
        assertThat(run.results()).containsEntry("verdict", "app-failed").containsEntry("domain", DOMAIN);
        assertThat(run.eventNames()).containsSubsequence("canonical.marked", "deploy.start", "deploy.done",
                "teardown.start", "canonical.restored", "teardown.done");
        // pr-wipes-data empties the volume: only the snapshot restore brings the seeded key back.
        assertCanonicalClean();
    }

    @Test
    @Order(5)
    void sigtermDuringTheQuickUpgradeRestoresTheCanonicalApp() throws Exception {
        Instant started = Instant.now();
        Process run = harness().startRun("quick-term", Map.of(), RECIPE, "--quick", "--pr", "42");
        harness().awaitEvent("quick-term", "deploy.start", Duration.ofMinutes(3));
        Thread.sleep(2_000); // inside the upgrade's convergence wait
        kill(run, "TERM");
        Harness.Finished done = harness().finish("quick-term", run, Duration.ofMinutes(5));

        assertThat(done.status()).as(done.output()).isEqualTo(143);
        assertThat(done.results()).containsEntry("verdict", "aborted");
        assertThat(done.eventNames()).containsSubsequence("signal", "teardown.start", "canonical.restored", "teardown.done");
        assertCanonicalClean();
        harness().assertLockFree(DOMAIN);
        toUpgrade = Duration.between(started, ts(done, "deploy.start"));
    }

    @Test
    @Order(6)
    void theDeadlineDuringTheQuickUpgradeRestoresTheCanonicalAppAndExits142() throws Exception {
        // The PR head comes from a fork whose store migrates its data for an hour: the upgrade waits
        // until the deadline, whatever the machine's speed. The deadline (counted from the harness
        // JVM's start, after this process start) lands well after the upgrade's deploy began: twice
        // what the SIGTERM case measured from process start to that deploy, plus 15 s.
        Path forks = forkWithAnHourLongMigration();
        long deadline = toUpgrade == null ? 90 : Math.max(30, toUpgrade.multipliedBy(2).toSeconds() + 15);
        System.out.println("quick-deadline: CCCI_DEADLINE_SECONDS=" + deadline + " (a quick run reached its upgrade in "
                + (toUpgrade == null ? "? (not measured)" : toUpgrade.toMillis() + " ms") + ")");
        Harness.Finished run = harness().run("quick-deadline", Map.of("CCCI_DEADLINE_SECONDS", String.valueOf(deadline),
                "CCCI_DEPLOY_TIMEOUT_SECONDS", "900", "CCCI_GIT_BASE", forks.toString()),
                RECIPE, "--quick", "--src", "someone/demo-web", "--ref", "pr-long-migration", "--pr", "49");

        assertThat(run.status()).as(run.output()).isEqualTo(142);
        assertThat(run.results()).containsEntry("verdict", "aborted").containsEntry("quick", true);
        // The deadline came while the upgrade was waiting for the PR head: deployed over the canonical
        // app, not converged; then teardown put the release and its snapshot back.
        assertThat(run.eventNames()).containsSubsequence("canonical.marked", "deploy.start", "deadline", "teardown.start",
                "canonical.restored", "teardown.done");
        assertThat(run.count("deploy.done") + run.count("deploy.failed")).as("the upgrade was still waiting").isZero();
        assertThat(run.event("deadline")).containsEntry("action", "abort");
        assertCanonicalClean();
        harness().assertLockFree(DOMAIN);
    }

    @Test
    @Order(7)
    void afterAHardKillTheJanitorRepairsTheCanonicalApp() throws Exception {
        Process run = harness().startRun("quick-kill-1", Map.of(), RECIPE, "--quick", "--ref", "pr-wipes-data", "--pr", "43");
        harness().awaitEvent("quick-kill-1", "deploy.done", Duration.ofMinutes(3)); // the store has wiped its volume
        kill(run, "KILL");
        run.waitFor(30, TimeUnit.SECONDS);
        assertThat(markFile()).exists();
        assertThat(canonical("status-2", "status").output()).contains("CHANGED, changed by run quick-kill-1");

        Harness.Finished janitor = harness().ccci("janitor", "janitor");

        assertThat(janitor.output()).contains("canonical apps restored after a killed run: [" + DOMAIN + "]");
        assertCanonicalClean();
    }

    @Test
    @Order(8)
    void afterAHardKillTheNextRunRepairsFirstThenTwoQuickRunsSerialiseBesideAColdRun() throws Exception {
        Process killed = harness().startRun("quick-kill-2", Map.of(), RECIPE, "--quick", "--ref", "pr-wipes-data", "--pr", "44");
        harness().awaitEvent("quick-kill-2", "deploy.done", Duration.ofMinutes(3));
        kill(killed, "KILL");
        killed.waitFor(30, TimeUnit.SECONDS);
        assertThat(markFile()).exists();

        Process a = harness().startRun("quick-a", Map.of(), RECIPE, "--quick", "--pr", "45");
        Process b = harness().startRun("quick-b", Map.of(), RECIPE, "--quick", "--pr", "46");
        Process cold = harness().startRun("cold", Map.of("STAGES", "install"), RECIPE, "--pr", "47");
        Harness.Finished runA = harness().finish("quick-a", a, Duration.ofMinutes(8));
        Harness.Finished runB = harness().finish("quick-b", b, Duration.ofMinutes(8));
        Harness.Finished runCold = harness().finish("cold", cold, Duration.ofMinutes(8));

        // Both quick runs pass their data check: the data the killed run destroyed was back first.
        for (Harness.Finished quick : List.of(runA, runB)) {
            assertThat(quick.status()).as(quick.output()).isZero();
            assertThat(quick.rung("upgrade")).containsEntry("status", "pass");
            assertThat(quick.results()).containsEntry("domain", DOMAIN).containsEntry("quick", true);
            assertThat(Files.readString(work.resolve("runs").resolve(quick.runId()).resolve("pr-comment.md")))
                    .contains("quick-lane level 4 of 4").contains("never gates a merge");
        }
        assertThat(runCold.status()).as(runCold.output()).isZero();
        assertThat(runCold.results().get("domain")).isNotEqualTo(DOMAIN);
        assertThat(runCold.count("lock.waiting")).as("the cold run never waits on the canonical app").isZero();

        // Exactly one run repaired the canonical app, before it took its own lock.
        List<Harness.Finished> repairers = List.of(runA, runB, runCold).stream().filter(r -> r.count("canonical.repair") > 0)
                .toList();
        assertThat(repairers).hasSize(1);
        assertThat(repairers.get(0).eventNames()).containsSubsequence("canonical.repair", "lock.acquired");

        // The two quick runs of the recipe serialised on the canonical app's lock: the second waited
        // for the first to put the app back. (The first may have waited too, when another run's
        // janitor held the lock while repairing.)
        Harness.Finished first = ts(runA, "lock.acquired").isBefore(ts(runB, "lock.acquired")) ? runA : runB;
        Harness.Finished second = first == runA ? runB : runA;
        assertThat(second.count("lock.waiting")).isEqualTo(1);
        assertThat(ts(second, "lock.acquired")).isAfterOrEqualTo(ts(first, "teardown.done"));
        assertCanonicalClean();
        assertNothingLeft(runCold.stack());
    }

    @Test
    @Order(9)
    void removeTakesTheCanonicalAppOffTheHostLeavingNothing() throws Exception {
        Harness.Finished remove = canonical("remove", "remove");

        assertThat(remove.status()).as(remove.output()).isZero();
        assertNothingLeft(STACK);
        assertThat(harness().canonicalDir().resolve(RECIPE)).doesNotExist();
        assertThat(canonical("status-3", "status").status()).isEqualTo(3);
    }

    /** Whatever failed above, the canonical app does not outlive the class. */
    @AfterAll
    static void removeTheCanonicalApp() throws Exception {
        if (work != null && Files.exists(harness().canonicalDir().resolve(RECIPE))) {
            canonical("cleanup", "remove");
        }
    }
}
