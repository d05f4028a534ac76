package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.engine.ExecutionTest.results;
import static org.coopcloud.ccci.engine.ExecutionTest.rung;
import static org.coopcloud.ccci.engine.discovery.RecipeSelector.selectRecipe;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.testing.EngineRuns;
import org.coopcloud.ccci.engine.testing.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Checks made at run time by a {@code @CheckFactory}: each a test of its own, named, counted by its rung. */
class CheckFactoryTest {
    @TempDir
    Path runs;

    @BeforeEach
    @AfterEach
    void reset() {
        Journal.reset();
        RunAbort.resetForTesting();
    }

    @Test
    void eachMadeCheckIsATestWithItsDisplayNameAndWhereItWasDeclared() throws IOException {
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("gamma")).execute();

        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test(), displayName("GET / answers 200"), finishedSuccessfully()))
                .haveExactly(1, event(test(), displayName("GET /health says ok"), finishedSuccessfully()));
        assertThat(results.testEvents().started().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("GET /health says ok"))
                .map(e -> e.getTestDescriptor().getSource().orElseThrow()).findFirst().orElseThrow())
                .isInstanceOfSatisfying(FileSource.class, s -> {
                    assertThat(s.getFile().toPath()).isEqualTo(Path.of("recipe/.cc-ci.yml").toAbsolutePath());
                    assertThat(s.getPosition().orElseThrow().getLine()).isEqualTo(7);
                });
        assertThat(Journal.entries()).containsSubsequence("dynamic:first:custom", "dynamic:second");
        Map<String, Object> json = results(runs);
        assertThat(rung(json, "custom")).containsEntry("status", "pass");
        assertThat(json).containsEntry("level", 4);
    }

    @Test
    void aMadeCheckThatFailsFailsItsRungWithItsMessage() throws IOException {
        Journal.failAt("dynamic:second");
        EngineExecutionResults results = EngineRuns.kit(runs).selectors(selectRecipe("gamma")).execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test(), displayName("GET /health says ok"),
                finishedWithFailure(message("GET /health answered 500"))));
        Map<String, Object> json = results(runs);
        assertThat(rung(json, "custom")).containsEntry("status", "fail").containsEntry("reason", "GET /health answered 500");
        assertThat(json).containsEntry("level", 3);
    }

    @Test
    void aRungInWhichNoCheckRanIsUnverifiedWithTheFactorysReasonNeverAPass() throws IOException {
        Journal.failAt("dynamic:none");
        EngineRuns.kit(runs).selectors(selectRecipe("gamma")).execute();

        Map<String, Object> json = results(runs);
        assertThat(rung(json, "custom")).containsEntry("status", "unverified")
                .containsEntry("reason", "the recipe's file lists no checks");
        assertThat(json).containsEntry("level", 3);
    }
}
