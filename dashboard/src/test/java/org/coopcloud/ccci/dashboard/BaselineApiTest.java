package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/recipes/<recipe>/baseline} (the contract with the PR comment's delta against main), over loopback HTTP. */
class BaselineApiTest {
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path runs;

    @Test
    void theBaselineIsMainsLatestFinishedRunNotALaterPrRun() throws Exception {
        RunDirs.amend(RunDirs.mainRun(runs, "1", "demo-web", T, 3, "custom failed"), Map.of("commit", "a".repeat(40)));
        RunDirs.mainRun(runs, "2", "demo-web", T.plusSeconds(600), 4, ""); // an older harness: no kind, no commit
        RunDirs.run(runs, "3", "demo-web", T.plusSeconds(1200), 1, "upgrade failed"); // a PR, later
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            HttpResponse<String> response = dashboard.get("/api/recipes/demo-web/baseline");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            Map<String, Object> body = JSON.std.mapFrom(response.body());
            assertThat(body).containsEntry("recipe", "demo-web").containsEntry("kind", "main").containsEntry("run_id", "2")
                    .containsEntry("level", 4).containsEntry("verdict", "passed").containsEntry("commit", null)
                    .containsEntry("finished_at", T.plusSeconds(600).plusMillis(83_000).toString());
        }
    }

    @Test
    void aRungOneCommitBothPassedAndFailedIsNamedFlakyWithHowOften() throws Exception {
        String commit = "c".repeat(40);
        RunDirs.amend(RunDirs.mainRun(runs, "1", "demo-web", T, 4, ""), Map.of("commit", commit));
        RunDirs.amend(RunDirs.mainRun(runs, "2", "demo-web", T.plusSeconds(600), 1, "upgrade failed"), Map.of("commit", commit));
        RunDirs.amend(RunDirs.mainRun(runs, "3", "demo-pg", T, 4, ""), Map.of("commit", commit));
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            Map<String, Object> body = JSON.std.mapFrom(dashboard.get("/api/recipes/demo-web/baseline").body());
            assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) body.get("flaky_rungs")).keySet())).containsExactly("upgrade");
            assertThat(String.valueOf(((Map<?, ?>) body.get("flaky_rungs")).get("upgrade"))).startsWith("1 of 1 commits");
            assertThat((Map<?, ?>) JSON.std.mapFrom(dashboard.get("/api/recipes/demo-pg/baseline").body()).get("flaky_rungs")).isEmpty();
        }
    }

    @Test
    void withoutAMainRunTheNewestReleasesRunIsTheBaselineAndWithNeitherIt404s() throws Exception {
        RunDirs.amend(RunDirs.run(runs, "1", "demo-web", T, 2, "backup failed"), Map.of("kind", "release", "commit", "b".repeat(40)));
        RunDirs.run(runs, "2", "demo-web", T.plusSeconds(60), 4, "");
        RunDirs.run(runs, "3", "gitea", T, 4, "");
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            Map<String, Object> body = JSON.std.mapFrom(dashboard.get("/api/recipes/demo-web/baseline").body());
            assertThat(body).containsEntry("kind", "release").containsEntry("run_id", "1").containsEntry("level", 2)
                    .containsEntry("commit", "b".repeat(40));

            assertThat(dashboard.get("/api/recipes/gitea/baseline").statusCode()).as("PR runs only").isEqualTo(404);
            assertThat(dashboard.get("/api/recipes/nope/baseline").statusCode()).isEqualTo(404);
            HttpResponse<String> bad = dashboard.get("/api/recipes/Bad_Name/baseline");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("recipe");
        }
    }

    @Test
    void anInfrastructureErrorOnMainIsTheBaselineWithoutALevel() throws Exception {
        RunDirs.mainRun(runs, "1", "demo-web", T, 4, "");
        RunDirs.amend(RunDirs.infrastructureError(runs, "2", "demo-web", T.plusSeconds(60)), Map.of("kind", "main"));
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            Map<String, Object> body = JSON.std.mapFrom(dashboard.get("/api/recipes/demo-web/baseline").body());
            assertThat(body).containsEntry("run_id", "2").containsEntry("level", null).containsEntry("verdict", "infrastructure-error");
        }
    }
}
