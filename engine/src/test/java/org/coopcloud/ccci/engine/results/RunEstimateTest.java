package org.coopcloud.ccci.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunEstimateTest {
    private static final List<String> ALL = List.of("backup", "custom", "install", "restore", "upgrade");

    @TempDir
    Path runs;

    private void run(String id, String recipe, String stages, String verdict, long durationMs) throws Exception {
        run(id, recipe, stages, false, verdict, durationMs);
    }

    private void run(String id, String recipe, String stages, boolean quick, String verdict, long durationMs) throws Exception {
        Path dir = Files.createDirectories(runs.resolve(id));
        Files.writeString(dir.resolve("results.json"), """
                {"schema": 1, "recipe": "%s", "run_id": "%s", "stages": %s, "quick": %s, "verdict": "%s", "duration_ms": %d}
                """.formatted(recipe, id, stages, quick, verdict, durationMs));
    }

    @Test
    void theMedianOfTheRecipesEarlierPassedRunsWithTheSameStages() throws Exception {
        String all = "[\"backup\", \"custom\", \"install\", \"restore\", \"upgrade\"]";
        run("1", "demo-web", all, "passed", 46_000);
        run("2", "demo-web", all, "passed", 50_000);
        run("3", "demo-web", all, "passed", 44_000);
        run("4", "demo-web", all, "app-failed", 9_000);
        run("5", "demo-web", "[\"install\"]", "passed", 15_000);
        run("6", "demo-static", all, "passed", 30_000);
        run("7", "demo-web", all, true, "passed", 20_000);
        run("current", "demo-web", all, "passed", 1_000);
        Files.createDirectories(runs.resolve("still-running"));
        Files.writeString(Files.createDirectories(runs.resolve("garbled")).resolve("results.json"), "{not json");

        assertThat(RunEstimate.fromEarlierRuns(runs, "demo-web", ALL, false, "current"))
                .hasValue(new RunEstimate(Duration.ofMillis(46_000), 3));
        assertThat(RunEstimate.fromEarlierRuns(runs, "demo-web", List.of("install"), false, "current"))
                .hasValue(new RunEstimate(Duration.ofMillis(15_000), 1));
        assertThat(RunEstimate.fromEarlierRuns(runs, "demo-web", ALL, true, "current"))
                .hasValue(new RunEstimate(Duration.ofMillis(20_000), 1));
    }

    @Test
    void resultsGatheredFromSeveralDirectoriesFollowTheSameRule() throws Exception {
        String install = "[\"install\"]";
        run("a", "demo-web", install, "passed", 10_000);
        run("b", "demo-web", install, "passed", 30_000);
        run("c", "demo-web", install, "app-failed", 1_000);

        assertThat(RunEstimate.fromResults(List.of(runs.resolve("a/results.json"), runs.resolve("b/results.json"),
                runs.resolve("c/results.json"), runs.resolve("missing/results.json")), "demo-web", List.of("install"), false))
                .hasValue(new RunEstimate(Duration.ofMillis(20_000), 2));
    }

    @Test
    void noEstimateForARecipesFirstRunOrAMissingRunsDirectory() throws Exception {
        run("1", "demo-web", "[\"install\"]", "app-failed", 9_000);

        assertThat(RunEstimate.fromEarlierRuns(runs, "demo-web", List.of("install"), false, "x")).isEmpty();
        assertThat(RunEstimate.fromEarlierRuns(runs.resolve("nope"), "demo-web", List.of("install"), false, "x")).isEmpty();
    }
}
