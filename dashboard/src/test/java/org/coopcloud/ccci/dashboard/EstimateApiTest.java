package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/recipes/<recipe>/estimate} over real HTTP on loopback, from run directories the test writes. */
class EstimateApiTest {
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");
    private static final String ALL = "stages=install,upgrade,backup,restore,custom";

    @TempDir
    Path store;
    @TempDir
    Path runs;

    private static void passed(Path dir, String id, String recipe, long durationMs, boolean quick) {
        RunResults r = RunDirs.results(id, recipe, T, StepResult.PASSED, RunDirs.passedRungs(), quick);
        RunSpec s = r.spec();
        RunDirs.write(dir, new RunResults(s, id, r.domain(), r.stack(), T, durationMs, r.setup(), r.rungs(), r.teardown(),
                r.abortCause()), "");
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.std.mapFrom(response.body());
    }

    @Test
    void theMedianOfTheRecipesEarlierPassedRunsWithTheSameStagesAndQuickness() throws Exception {
        passed(store, "1", "demo-web", 40_000, false);
        passed(store, "2", "demo-web", 60_000, false);
        passed(runs, "3", "demo-web", 50_000, false); // a local run counts with the published ones
        passed(runs, "4", "demo-web", 20_000, true);
        passed(runs, "5", "gitea", 900_000, false);
        RunDirs.run(runs, "6", "demo-web", T, 2, "backup failed"); // failed: not comparable
        try (TestDashboard dashboard = TestDashboard.start(Optional.of(store), Optional.of(runs), Optional.empty(),
                Clock.systemUTC())) {
            HttpResponse<String> full = dashboard.get("/api/recipes/demo-web/estimate?" + ALL);
            assertThat(full.statusCode()).isEqualTo(200);
            assertThat(json(full)).containsEntry("median_ms", 50_000).containsEntry("runs", 3);

            // the stages in any order name the same set
            assertThat(json(dashboard.get("/api/recipes/demo-web/estimate?stages=custom,restore,backup,upgrade,install&quick=0")))
                    .containsEntry("median_ms", 50_000).containsEntry("runs", 3);
            assertThat(json(dashboard.get("/api/recipes/demo-web/estimate?" + ALL + "&quick=1")))
                    .containsEntry("median_ms", 20_000).containsEntry("runs", 1);
        }
    }

    @Test
    void noEarlierRunsIsA404WithNoRuns() throws Exception {
        passed(runs, "1", "demo-web", 40_000, false);
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            for (String query : new String[] {"/api/recipes/gitea/estimate?" + ALL, "/api/recipes/demo-web/estimate?stages=install"}) {
                HttpResponse<String> none = dashboard.get(query);
                assertThat(none.statusCode()).as(query).isEqualTo(404);
                assertThat(json(none)).containsEntry("runs", 0).doesNotContainKey("median_ms");
            }
        }
    }

    @Test
    void aBadRecipeNameOrStageIsA400NamingTheField() throws Exception {
        passed(runs, "1", "demo-web", 40_000, false);
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            Map<String, String> bad = Map.of(
                    "/api/recipes/Demo_Web/estimate?" + ALL, "recipe",
                    "/api/recipes/" + "a".repeat(64) + "/estimate?" + ALL, "recipe",
                    "/api/recipes/demo-web/estimate", "stages",
                    "/api/recipes/demo-web/estimate?stages=install,deploy", "stages",
                    "/api/recipes/demo-web/estimate?stages=install&quick=maybe", "quick",
                    "/api/recipes/demo-web/estimate?stages=install&x=1", "unknown parameter");
            for (Map.Entry<String, String> query : bad.entrySet()) {
                HttpResponse<String> response = dashboard.get(query.getKey());
                assertThat(response.statusCode()).as(query.getKey()).isEqualTo(400);
                assertThat((String) json(response).get("error")).as(query.getKey()).startsWith(query.getValue());
            }
        }
    }
}
