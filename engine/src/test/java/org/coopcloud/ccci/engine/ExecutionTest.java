package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.engine.discovery.RecipeSelector.selectRecipe;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.fixtures.ladder.UpgradeTier;
import org.coopcloud.ccci.engine.testing.EngineRuns;
import org.coopcloud.ccci.engine.testing.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class ExecutionTest {
    @TempDir
    Path runs;

    @BeforeEach
    @AfterEach
    void reset() {
        Journal.reset();
        RunAbort.resetForTesting();
    }

    @Test
    void aPassingRunCallsExtensionsInOrderAndTheirAfterCallbacksInReverse() throws IOException {
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("alpha")).execute();

        results.testEvents().assertStatistics(s -> s.started(10).succeeded(10).failed(0).skipped(0));
        List<String> journal = Journal.entries();
        assertThat(journal.subList(0, 3)).containsExactly(
                "beforeRun:FirstProbe:alpha", "beforeRun:SecondProbe:alpha", "beforeRun:AlphaExtension:alpha");
        assertThat(journal.subList(3, 9)).containsExactly(
                "beforeTier:FirstProbe:alpha:install", "beforeTier:SecondProbe:alpha:install",
                "operation:install:alpha", "check:install.converged:alpha", "check:install.serving:alpha",
                "afterTier:SecondProbe:alpha:install");
        assertThat(journal).containsSubsequence("afterTier:FirstProbe:alpha:install", "beforeTier:FirstProbe:alpha:upgrade",
                "operation:upgrade:alpha", "operation:backup:alpha", "operation:restore:alpha",
                "check:custom.roundTrip:alpha");
        assertThat(journal).contains("greeting:hello from " + results(runs).get("domain"));
        assertThat(journal.subList(journal.size() - 2, journal.size()))
                .containsExactly("afterRun:SecondProbe:alpha", "afterRun:FirstProbe:alpha");

        Map<String, Object> json = results(runs);
        assertThat(json).containsEntry("recipe", "alpha").containsEntry("run_id", "t1").containsEntry("level", 4)
                .containsEntry("verdict", "passed");
        assertThat(rung(json, "install")).containsEntry("status", "pass")
                .containsEntry("versions", Map.of("under-test", "1.1.0+1.1")).containsEntry("data_check", null);
        assertThat(rung(json, "upgrade")).as("a weaker source recorded first").containsEntry("data_check", "suite");
        assertThat(rung(json, "restore")).as("a weaker source recorded after").containsEntry("data_check", "suite");
        assertThat(rung(json, "backup")).containsEntry("data_check", "volume-markers");
        assertThat(Files.readString(runs.resolve("t1").resolve("pr-comment.md")))
                .contains("under-test 1.1.0+1.1; data checked by volume markers", "data checked by the recipe suite's data seed");
        assertThat((String) json.get("domain")).matches("alph-[0-9a-f]{6}\\.ci\\.test");
        assertThat(json.get("stack")).isEqualTo(((String) json.get("domain")).replace('.', '_'));
    }

    @Test
    void aLaterRunOfTheSameRecipeAndStagesAnnouncesItsExpectedFinishFromTheEarlierOnes() throws IOException {
        EngineRuns.kit(runs).selectors(selectRecipe("beta")).configurationParameter(Constants.STAGES, "install").execute();
        assertThat(Files.readString(runs.resolve("t1").resolve("events.jsonl"))).doesNotContain("run.estimate");

        EngineRuns.kit(runs).selectors(selectRecipe("beta")).configurationParameter(Constants.STAGES, "install")
                .configurationParameter(Constants.RUN_ID, "t2").execute();

        List<Map<String, Object>> second = Files.readAllLines(runs.resolve("t2").resolve("events.jsonl")).stream()
                .map(ExecutionTest::parse).toList();
        assertThat(second).filteredOn(e -> "run.estimate".equals(e.get("event"))).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("from_runs", 1).containsKeys("expected_seconds", "expected_finish"));
    }

    @Test
    void theEventStreamHasOneJsonObjectPerLineForEveryStepOfTheRun() throws IOException {
        EngineRuns.kit(runs).selectors(selectRecipe("beta")).configurationParameter(Constants.STAGES, "install").execute();

        List<String> lines = Files.readAllLines(runs.resolve("t1").resolve("events.jsonl"));
        List<Object> events = lines.stream().map(ExecutionTest::parse).map(m -> m.get("event")).toList();
        assertThat(events).containsExactly("run.start", "setup.done", "tier.start", "tier.done", "tier.done", "tier.done",
                "tier.done", "tier.done", "teardown.start", "teardown.done", "run.done");
        assertThat(parse(lines.get(0))).containsKeys("ts", "run_id", "domain").containsEntry("recipe", "beta");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> phases = (List<Map<String, Object>>) results(runs).get("phases");
        assertThat(phases).extracting(p -> p.get("phase")).containsExactly("setup", "tier install", "teardown");
        assertThat(phases).allSatisfy(p -> assertThat(((Number) p.get("seconds")).doubleValue()).isGreaterThanOrEqualTo(0));
    }

    @Test
    void aSetupFailureIsAFailedTestAndTheTiersAreSkippedAndTeardownStillRuns() throws IOException {
        Journal.failAt("beforeRun:SecondProbe");
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        results.testEvents().assertThatEvents().haveExactly(1,
                event(test("setup"), finishedWithFailure(message(m -> m.contains("SecondProbe failed on purpose")))));
        results.containerEvents().assertThatEvents().haveExactly(5,
                event(container(), skippedWithReason("not run: setup failed (infrastructure)")));
        assertThat(Journal.entries()).containsExactly("beforeRun:FirstProbe:beta", "beforeRun:SecondProbe:beta",
                "afterRun:SecondProbe:beta", "afterRun:FirstProbe:beta");

        Map<String, Object> json = results(runs);
        assertThat(json).containsEntry("verdict", "infrastructure-error").containsEntry("level", null);
        assertThat(step(json, "setup")).containsEntry("status", "fail").containsEntry("failure_kind", "infrastructure");
    }

    @Test
    void anAfterRunFailureDoesNotStopTheOtherTeardownsAndFailsTheRun() throws IOException {
        Journal.failAt("afterRun:SecondProbe");
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        assertThat(Journal.entries()).endsWith("afterRun:SecondProbe:beta", "afterRun:FirstProbe:beta");
        results.containerEvents().assertThatEvents().haveExactly(1,
                event(container("run"), finishedWithFailure(message(m -> m.contains("teardown failed")))));
        assertThat(step(results(runs), "teardown")).containsEntry("status", "fail");
    }

    @Test
    void aTierOutsideTheSelectedStagesIsSkippedWithThatReason() throws IOException {
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("beta"))
                .configurationParameter(Constants.STAGES, "install,custom").execute();

        results.containerEvents().assertThatEvents().haveExactly(1, event(container("upgrade"),
                skippedWithReason("not in the selected stages (install,custom)")));
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        Map<String, Object> json = results(runs);
        assertThat(rung(json, "upgrade")).containsEntry("status", "unverified");
        assertThat(rung(json, "custom")).containsEntry("status", "pass");
        assertThat(json).containsEntry("level", 1);
    }

    @Test
    void aTierWhosePrerequisiteFailedIsSkippedWithThatReason() throws IOException {
        Journal.failAt("check:install.serving");
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(1));
        results.containerEvents().assertThatEvents().haveExactly(4,
                event(container(), skippedWithReason("not run: install failed")));
        Map<String, Object> json = results(runs);
        assertThat(rung(json, "install")).containsEntry("status", "fail").containsEntry("reason", "serving failed on purpose")
                .containsEntry("failure_kind", "app");
        assertThat(json).containsEntry("level", 0).containsEntry("verdict", "app-failed");
    }

    @Test
    void aFailedOperationFailsEveryCheckOfItsClassWithItsError() throws IOException {
        Journal.failAt("operation:upgrade");
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        results.testEvents().assertThatEvents().haveExactly(2,
                event(test(), finishedWithFailure(message("upgrade operation failed on purpose"))));
        assertThat(Journal.entries()).doesNotContain("check:upgrade.converged:beta");
        assertThat(rung(results(runs), "upgrade")).containsEntry("status", "fail");
        assertThat(rung(results(runs), "backup")).containsEntry("reason", "not run: upgrade failed");
    }

    @Test
    void aRungThatCannotBeTriedIsUnverifiedNotFailedAndBlocksTheLevel() throws IOException {
        Journal.failAt("unverified:upgrade");
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        results.testEvents().assertStatistics(s -> s.aborted(2).failed(0));
        Map<String, Object> json = results(runs);
        assertThat(rung(json, "upgrade")).containsEntry("status", "unverified")
                .containsEntry("reason", "the base version does not deploy");
        assertThat(rung(json, "backup")).containsEntry("status", "pass");
        assertThat(json).containsEntry("level", 1).containsEntry("verdict", "passed");
    }

    @Test
    void aFailedBeforeTierFailsThatTiersChecksAndStillCallsAfterTier() {
        Journal.failAt("beforeTier:SecondProbe:install");
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        results.testEvents().assertThatEvents().haveExactly(2,
                event(test(), finishedWithFailure(message("SecondProbe failed on purpose in beforeTier"))));
        assertThat(Journal.entries()).containsSubsequence("beforeTier:SecondProbe:beta:install",
                "afterTier:SecondProbe:beta:install", "afterTier:FirstProbe:beta:install");
        assertThat(Journal.entries()).doesNotContain("operation:install:beta");
    }

    @Test
    void aTierDeclaredNotApplicableIsASkipAndTheLevelClimbsPastIt() throws IOException {
        Journal.failAt("notApplicable:FirstProbe:backup");
        Journal.failAt("notApplicable:FirstProbe:restore");
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        results.containerEvents().assertThatEvents().haveExactly(1,
                event(container("backup"), skippedWithReason("backup declared not applicable by FirstProbe")));
        Map<String, Object> json = results(runs);
        assertThat(rung(json, "backup")).containsEntry("status", "skip");
        assertThat(json).containsEntry("level", 4)
                .containsEntry("skips", Map.of("declared", List.of("backup", "restore"), "undeclared", List.of()));
    }

    @Test
    void anAbortSkipsWhatIsLeftAndTeardownStillRuns() throws IOException {
        Journal.onCheck(() -> {
            if (Journal.entries().contains("check:install.converged:beta")) {
                RunAbort.request(143, "SIGTERM");
            }
        });
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        assertThat(Journal.entries()).doesNotContain("operation:upgrade:beta")
                .endsWith("afterRun:SecondProbe:beta", "afterRun:FirstProbe:beta");
        results.containerEvents().assertThatEvents().haveExactly(4,
                event(container(), skippedWithReason("not run: run aborted (SIGTERM)")));
        Map<String, Object> json = results(runs);
        assertThat(json).containsEntry("verdict", "aborted").containsEntry("abort_cause", "SIGTERM");
        assertThat(rung(json, "upgrade")).containsEntry("status", "unverified");
    }

    @Test
    void anAbortDuringSetupStopsItBeforeTheNextExtensionEvenWhenTheInterruptWasSwallowed() throws IOException {
        Journal.failAt("abortDuring:beforeRun:FirstProbe");
        EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        assertThat(Journal.entries()).contains("beforeRun:FirstProbe:beta").doesNotContain("beforeRun:SecondProbe:beta")
                .noneMatch(e -> e.startsWith("operation:")).endsWith("afterRun:FirstProbe:beta");
        Map<String, Object> json = results(runs);
        assertThat(json).containsEntry("verdict", "aborted").containsEntry("abort_cause", "SIGTERM");
    }

    @Test
    void anAbortInterruptsTheCheckThatIsWaiting() throws IOException {
        Journal.onCheck(() -> {
            Thread worker = Thread.currentThread();
            new Thread(() -> RunAbort.request(142, "deadline")).start();
            try {
                Thread.sleep(30_000);
                Journal.record("slept through the abort");
            } catch (InterruptedException e) {
                Journal.record("interrupted:" + worker.getName());
                throw new IllegalStateException(e);
            }
        });
        EngineRuns.kit(runs).selectors(selectRecipe("beta")).execute();

        assertThat(Journal.entries()).anyMatch(e -> e.startsWith("interrupted:")).doesNotContain("slept through the abort")
                .endsWith("afterRun:SecondProbe:beta", "afterRun:FirstProbe:beta");
        assertThat(rung(results(runs), "install")).containsEntry("status", "unverified")
                .containsEntry("reason", "run aborted during the tier: deadline");
    }

    @Test
    void theLaunchersCancellationTokenSkipsWhatIsLeftAndTeardownStillRuns() {
        CancellationToken token = CancellationToken.create();
        Journal.onCheck(token::cancel);
        EngineRuns.kit(runs).selectors(selectRecipe("beta")).cancellationToken(token).execute();

        assertThat(Journal.entries()).doesNotContain("operation:upgrade:beta")
                .endsWith("afterRun:SecondProbe:beta", "afterRun:FirstProbe:beta");
    }

    @Test
    void oneTierClassRunAloneIsSetupThatTierAndTeardown() throws IOException {
        EngineExecutionResults results = EngineRuns.kit(runs).configurationParameter(Constants.RECIPE, "beta")
                .selectors(selectClass(UpgradeTier.class)).execute();

        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(Journal.entriesStartingWith("operation")).containsExactly("operation:upgrade:beta");
        assertThat(Journal.entries()).endsWith("afterRun:SecondProbe:beta", "afterRun:FirstProbe:beta");
        assertThat(rung(results(runs), "install")).containsEntry("reason", "not selected in this launch");
    }

    @Test
    void oneTierClassRunAloneRecordsAndReproducesOnlyThatStage() throws IOException {
        EngineRuns.kit(runs).configurationParameter(Constants.RECIPE, "beta")
                .selectors(selectClass(UpgradeTier.class)).execute();

        assertThat(results(runs).get("stages")).isEqualTo(List.of("upgrade"));
        String comment = Files.readString(runs.resolve("t1").resolve("pr-comment.md"));
        assertThat(comment).contains("`bin/ccci run beta --stages upgrade`");
    }

    @Test
    void twoRecipesInOneLaunchEachGetTheirOwnRunDirectory() {
        EngineRuns.kit(runs).selectors(selectRecipe("alpha"), selectRecipe("beta")).execute();

        assertThat(runs.resolve("t1-alpha").resolve("results.json")).exists();
        assertThat(runs.resolve("t1-beta").resolve("results.json")).exists();
    }

    @Test
    void withParallelExecutionTwoRunsOverlapWhileEachRunsTiersStayInOrder() {
        java.util.concurrent.CyclicBarrier bothRunning = new java.util.concurrent.CyclicBarrier(2);
        Journal.onCheck(() -> {
            // Each run's first check waits for the other run's: only concurrent runs get past it.
            if (Journal.entriesStartingWith("barrier:" + Thread.currentThread().getName()).isEmpty()) {
                Journal.record("barrier:" + Thread.currentThread().getName());
                try {
                    bothRunning.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the other run never ran alongside this one", e);
                }
            }
        });
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("alpha"), selectRecipe("beta"))
                .configurationParameter(Constants.PARALLEL_ENABLED, "true")
                .configurationParameter(Constants.PARALLEL_CONFIG_PREFIX + "strategy", "fixed")
                .configurationParameter(Constants.PARALLEL_CONFIG_PREFIX + "fixed.parallelism", "2")
                .execute();

        results.testEvents().assertStatistics(s -> s.failed(0).succeeded(20));
        for (String recipe : List.of("alpha", "beta")) {
            assertThat(Journal.entriesStartingWith("operation").stream().filter(e -> e.endsWith(":" + recipe)))
                    .containsExactly("operation:install:" + recipe, "operation:upgrade:" + recipe,
                            "operation:backup:" + recipe, "operation:restore:" + recipe);
        }
    }

    @Test
    void thePrCommentHasTheRungsTheLevelAndTheCommandThatReproducesTheRun() throws IOException {
        Journal.failAt("check:upgrade.serving");
        EngineRuns.kit(runs).selectors(selectRecipe("beta")).configurationParameter(Constants.REF, "3f2a9c1")
                .configurationParameter(Constants.PR, "7").configurationParameter(Constants.SRC, "coop-cloud/beta")
                .configurationParameter(Constants.STAGES, "install,upgrade,custom").execute();

        String comment = Files.readString(runs.resolve("t1").resolve("pr-comment.md"));
        assertThat(comment).startsWith("### ❌ cc-ci: `beta` PR 7 — level 1 of 4 — main: unknown\n")
                .contains("**Cause** (`upgrade`): ").contains("serving failed on purpose")
                .contains("| install (L1) | ✅ pass |")
                .contains("| upgrade (L2) | ❌ fail |").contains("| the cause above \\[under-test 1.1.0+1.1; data checked by the recipe suite's data seed\\] |")
                .contains("| custom (L4) | ❔ unverified | – | not run: upgrade failed |")
                .contains("`bin/ccci run beta --ref 3f2a9c1 --pr 7 --src coop-cloud/beta --stages install,upgrade,custom`");
        Map<String, Object> json = results(runs);
        assertThat(json).containsEntry("schema", 2).containsEntry("kind", "pr").containsEntry("trigger", "manual")
                .containsEntry("commit", null);
        assertThat(((Map<?, ?>) json.get("cause")).get("where")).isEqualTo("upgrade");
        assertThat(String.valueOf(((Map<?, ?>) json.get("cause")).get("summary"))).contains("serving failed on purpose");
    }

    static Map<String, Object> results(Path runs) throws IOException {
        return parse(Files.readString(runs.resolve("t1").resolve("results.json")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> rung(Map<String, Object> json, String stage) {
        return ((List<Map<String, Object>>) json.get("rungs")).stream().filter(r -> stage.equals(r.get("stage")))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> step(Map<String, Object> json, String name) {
        return (Map<String, Object>) json.get(name);
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.std.mapFrom(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
