package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertNothingLeft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real platform end to end (the sandbox's swarm, the abra stand-in, the real harness as a child
 * process): install, a crash-looping PR head, SIGTERM and SIGKILL mid-run, and two runs at once.
 */
class PlatformEndToEndTest {
    private static final Map<String, String> INSTALL_ONLY = Map.of("STAGES", "install");

    @TempDir
    Path work;

    @Test
    void demoWebInstallsGreenAndNothingOfItRemains() throws Exception {
        Harness harness = new Harness(work);
        Harness.Finished run = harness.run("install-green", INSTALL_ONLY, "demo-web", "--pr", "11");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.rung("install")).containsEntry("status", "pass");
        assertThat(run.results()).containsEntry("level", 1).containsEntry("verdict", "passed");
        assertThat(run.count("deploy.start")).isEqualTo(1);
        assertThat(run.eventNames()).containsSubsequence("run.start", "lock.acquired", "deploy.start", "deploy.done",
                "tier.start", "tier.done", "teardown.start", "teardown.done", "run.done");
        assertThat(run.output()).as("one line per phase with its duration").contains("(deploy install took ")
                .contains("(tier install took ").contains("(teardown took ");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> phases = (List<Map<String, Object>>) run.results().get("phases");
        assertThat(phases).extracting(p -> String.valueOf(p.get("phase")))
                .contains("deploy install", "setup", "tier install", "teardown");
        assertNothingLeft(run.stack());
        harness.assertLockFree(String.valueOf(run.results().get("domain")));
    }

    @Test
    void aCrashLoopingPrHeadFailsInstallFastWithTheTaskErrorAndItsLogAndLeavesNothing() throws Exception {
        Harness harness = new Harness(work);
        Harness.Finished run = harness.run("install-crashloop", INSTALL_ONLY, "demo-web", "--ref", "pr-crashloop",
                "--pr", "12");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("install")).containsEntry("status", "fail").containsEntry("failure_kind", "app");
        // The rung carries the cause's one line; setup keeps the whole reason once, with the task list and log.
        assertThat(String.valueOf(run.rung("install").get("reason"))).contains("store keeps failing");
        assertThat(String.valueOf(((Map<?, ?>) run.results().get("setup")).get("reason")))
                .contains("did not converge").contains("a service keeps failing")
                // 3 or more: failures while the app still started are not counted (issue 19), so the count varies.
                .containsPattern("_store: [3-9] tasks failed since the deploy began, the last: task: non-zero exit \\(1\\)")
                .as("the last lines of the store's log").contains("| store: fatal: STORE_QUOTA is not set");
        assertThat(String.valueOf(((Map<?, ?>) run.results().get("cause")).get("lines"))).contains("store: fatal: STORE_QUOTA is not set");
        assertThat(run.results()).containsEntry("level", 0).containsEntry("verdict", "app-failed");
        Map<String, Object> failed = run.event("deploy.failed");
        assertThat(((Number) failed.get("timeout_seconds")).doubleValue()).isEqualTo(120);
        assertThat(((Number) failed.get("seconds")).doubleValue()).as("fails at least 5x sooner than the deploy timeout")
                .isLessThan(120 / 5.0);
        // Issue 19: the crash loop is still judged within seconds now that failures while other services start are waited for.
        System.out.println("pr-crashloop: the deploy failed after " + failed.get("seconds") + " s; the run took "
                + run.results().get("duration_ms") + " ms (install only, teardown included)");
        assertThat(run.event("lint.done")).containsEntry("status", "pass").containsEntry("errors", List.of());
        assertNothingLeft(run.stack());
    }

    @Test
    void anUntaggedImageIsListedAsAbrasLintWarningR003AndItsImageCannotBeResolvedHere() throws Exception {
        Harness harness = new Harness(work);
        Harness.Finished run = harness.run("install-untagged", INSTALL_ONLY, "demo-web", "--ref", "pr-untagged-image",
                "--pr", "31");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("] lint, abra's rules (")
                .contains("R003 warn: all images use a tag: no tag on store (ccci/busybox) (use a tag for all images)");
        Map<String, Object> lint = run.event("lint.done");
        assertThat(lint).containsEntry("status", "pass").containsEntry("errors", List.of())
                .containsEntry("warnings", List.of("R003")).containsEntry("not_checked", List.of("R013"));
        System.out.println("lint took " + lint.get("millis") + " ms of a run of " + run.results().get("duration_ms") + " ms");
        // The untagged image means ccci/busybox:latest, which is not on this host; the sandbox has no
        // registry to ask, so abra's image resolution cannot tell the recipe's fault from the sandbox's:
        // an infrastructure error, never a level 0 nor a pass.
        assertThat(String.valueOf(((Map<?, ?>) run.results().get("setup")).get("reason")))
                .contains("image ccci/busybox (service store) could not be resolved");
        assertThat(run.rung("install")).containsEntry("status", "unverified").containsEntry("reason", "not run: setup failed (infrastructure)");
        assertThat(run.results()).containsEntry("verdict", "infrastructure-error");
        assertNothingLeft(run.stack());
    }

    @Test
    void aSlowFirstStartIsWaitedForNotFailedEarlyAndItsProgressSaysWhatIsPending() throws Exception {
        Harness harness = new Harness(work);
        Harness.Finished run = harness.run("install-slow-start", INSTALL_ONLY, "demo-web", "--ref", "pr-slow-start",
                "--pr", "19");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.rung("install")).containsEntry("status", "pass");
        assertThat(((Number) run.event("deploy.done").get("seconds")).doubleValue()).as("the store's 15 s first init")
                .isGreaterThanOrEqualTo(15);
        assertThat(run.output()).contains("store 0/1, task starting (health check not yet passing)");
        assertNothingLeft(run.stack());
    }

    @Test
    void sigtermToTheDroneStepWhileConvergingTearsDownAndExits143() throws Exception {
        Harness harness = new Harness(work);
        Process step = harness.start("sigterm", Map.of("RECIPE", "demo-web", "REF", "pr-slow-start", "PR", "13",
                "STAGES", "install"), List.of(Harness.ROOT.resolve("bin/drone-step").toString()));
        harness.awaitEvent("sigterm", "deploy.start", Duration.ofMinutes(3));
        Thread.sleep(2_000); // inside the convergence wait

        new ProcessBuilder("kill", "-TERM", String.valueOf(step.pid())).start().waitFor(10, TimeUnit.SECONDS);
        Harness.Finished run = harness.finish("sigterm", step, Duration.ofMinutes(3));

        assertThat(run.status()).as(run.output()).isEqualTo(143);
        assertThat(run.eventNames()).contains("signal").containsSubsequence("teardown.start", "teardown.done", "run.done");
        assertThat(run.results()).containsEntry("verdict", "aborted");
        assertNothingLeft(run.stack());
        harness.assertLockFree(String.valueOf(run.results().get("domain")));
    }

    @Test
    void aRefThatDoesNotExistIsBadInputExitTwoAndTheTokenAppearsNowhere() throws Exception {
        Harness harness = new Harness(work);
        String token = "tok-" + Long.toHexString(System.nanoTime()) + "-secret";
        Harness.Finished run = harness.run("bad-ref", Map.of("CCCI_GIT_TOKEN", token), "demo-web", "--ref",
                "no-such-branch", "--pr", "18");

        // The user's fault (a deleted PR branch), not the harness's: exit 2, verdict bad-input (issue 20).
        assertThat(run.status()).as(run.output()).isEqualTo(2);
        assertThat(run.results()).containsEntry("verdict", "bad-input").containsEntry("level", null);
        assertThat(String.valueOf(((Map<?, ?>) run.results().get("setup")).get("reason")))
                .contains("the ref 'no-such-branch' does not exist");
        assertThat(run.count("deploy.start")).isZero();
        for (Path file : java.nio.file.Files.walk(work).filter(java.nio.file.Files::isRegularFile).toList()) {
            assertThat(new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("%s", file).doesNotContain(token);
        }
        assertThat(run.output()).doesNotContain(token);
    }

    @Test
    void theDeadlineEndsARunWithTeardownAndExits142() throws Exception {
        Harness harness = new Harness(work);
        Harness.Finished run = harness.run("deadline", Map.of("STAGES", "install", "CCCI_DEADLINE_SECONDS", "12",
                "CCCI_DEPLOY_TIMEOUT_SECONDS", "120"), "demo-web", "--ref", "pr-slow-start", "--pr", "17");

        assertThat(run.status()).as(run.output()).isEqualTo(142);
        assertThat(run.eventNames()).contains("deadline").containsSubsequence("teardown.start", "teardown.done", "run.done");
        assertThat(run.results()).containsEntry("verdict", "aborted");
        assertThat(run.rung("install")).containsEntry("status", "unverified");
        assertNothingLeft(run.stack());
        harness.assertLockFree(String.valueOf(run.results().get("domain")));
    }

    @Test
    void aHarnessKilledMidRunIsReapedByTheNextRunsJanitor() throws Exception {
        Harness harness = new Harness(work);
        Process killed = harness.startRun("killed", INSTALL_ONLY, "demo-web", "--pr", "14");
        harness.awaitEvent("killed", "deploy.done", Duration.ofMinutes(3));
        String stack = String.valueOf(harness.events("killed").get(0).get("domain")).replace('.', '_');
        killed.destroyForcibly(); // SIGKILL: no teardown, no reports; the kernel frees the lock
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Harness.Finished next = harness.run("after-kill", INSTALL_ONLY, "demo-web", "--pr", "14");

        assertThat(next.status()).as(next.output()).isZero();
        assertThat(next.events()).anySatisfy(e -> assertThat(e).containsEntry("event", "janitor.reap"));
        assertThat(next.stack()).isEqualTo(stack);
        assertNothingLeft(stack);
    }

    @Test
    void twoRunsOfTheSameRecipeAndPrSerialiseOnTheAppLockAndBothPass() throws Exception {
        Harness harness = new Harness(work);
        Process first = harness.startRun("same-1", INSTALL_ONLY, "demo-web", "--pr", "15");
        harness.awaitEvent("same-1", "lock.acquired", Duration.ofMinutes(3));
        Process second = harness.startRun("same-2", INSTALL_ONLY, "demo-web", "--pr", "15");

        Harness.Finished one = harness.finish("same-1", first, Duration.ofMinutes(5));
        Harness.Finished two = harness.finish("same-2", second, Duration.ofMinutes(5));

        assertThat(one.status()).as(one.output()).isZero();
        assertThat(two.status()).as(two.output()).isZero();
        assertThat(two.eventNames()).containsSubsequence("lock.waiting", "lock.acquired", "deploy.start");
        assertThat(one.count("deploy.start")).isEqualTo(1);
        assertThat(two.count("deploy.start")).isEqualTo(1);
        assertNothingLeft(one.stack());
    }

    @Test
    void twoDifferentRecipesAtOnceBothPass() throws Exception {
        Harness harness = new Harness(work);
        Process web = harness.startRun("both-web", INSTALL_ONLY, "demo-web", "--pr", "16");
        Process stat = harness.startRun("both-static", INSTALL_ONLY, "demo-static", "--pr", "16");

        Harness.Finished one = harness.finish("both-web", web, Duration.ofMinutes(5));
        Harness.Finished two = harness.finish("both-static", stat, Duration.ofMinutes(5));

        assertThat(one.status()).as(one.output()).isZero();
        assertThat(two.status()).as(two.output()).isZero();
        assertThat(one.stack()).isNotEqualTo(two.stack());
        assertNothingLeft(one.stack());
        assertNothingLeft(two.stack());
    }
}
