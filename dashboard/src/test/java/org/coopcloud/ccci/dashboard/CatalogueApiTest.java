package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.coopcloud.ccci.dashboard.web.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/catalogue.json}: every recipe's main level, trend and last scheduled run, worst first. */
class CatalogueApiTest {
    private static final Instant T = Instant.parse("2026-11-29T00:00:00Z");
    private static final Clock NOW = Clock.fixed(T.plusSeconds(86_400), ZoneOffset.UTC);

    @TempDir
    Path runs;

    @Test
    void aRungOneCommitBothPassedAndFailedIsCountedFlakyForItsRecipe() throws Exception {
        String commit = "d".repeat(40);
        RunDirs.amend(mark(RunDirs.run(runs, "1", "alpha", T, 4, ""), "main", "scheduled"), Map.of("commit", commit));
        RunDirs.amend(mark(RunDirs.run(runs, "2", "alpha", T.plusSeconds(60), 1, "upgrade failed"), "main", "scheduled"),
                Map.of("commit", commit));
        RunDirs.amend(mark(RunDirs.run(runs, "3", "beta", T, 1, "upgrade failed"), "main", "scheduled"), Map.of("commit", "e".repeat(40)));
        RunDirs.amend(mark(RunDirs.run(runs, "4", "beta", T.plusSeconds(60), 4, ""), "main", "scheduled"), Map.of("commit", "f".repeat(40)));
        try (TestDashboard dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs), Optional.empty(), NOW)) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> recipes = (List<Map<String, Object>>) JSON.std.mapFrom(dashboard.get("/api/catalogue.json").body())
                    .get("recipes");
            Map<String, Object> alpha = recipes.stream().filter(r -> r.get("recipe").equals("alpha")).findFirst().orElseThrow();
            Map<String, Object> beta = recipes.stream().filter(r -> r.get("recipe").equals("beta")).findFirst().orElseThrow();
            assertThat((Map<?, ?>) alpha.get("flaky_rungs")).isEqualTo(Map.of("upgrade", 1));
            assertThat((Map<?, ?>) beta.get("flaky_rungs")).as("two commits, one verdict each: a change, not a flake").isEmpty();
            assertThat(dashboard.get("/catalogue").body()).contains("upgrade (1 commit)");
        }
    }

    @Test
    void everyRecipesMainLevelTrendAndLastScheduledRunWorstFirst() throws Exception {
        mark(RunDirs.run(runs, "1", "alpha", T, 4, ""), "main", "scheduled");
        mark(RunDirs.run(runs, "2", "alpha", T.plusSeconds(3600), 2, "backup failed"), "main", "scheduled");
        RunDirs.run(runs, "3", "alpha", T.plusSeconds(7200), 0, "install failed"); // a PR run: not main's level
        mark(RunDirs.run(runs, "4", "beta", T, 1, "upgrade failed"), "main", "scheduled");
        mark(RunDirs.run(runs, "5", "beta", T.plusSeconds(600), 3, "custom failed"), "main", "manual");
        RunDirs.run(runs, "6", "gamma", T, 4, "");
        mark(RunDirs.infrastructureError(runs, "7", "delta", T), "main", "scheduled");
        try (TestDashboard dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs), Optional.empty(), NOW)) {
            HttpResponse<String> response = dashboard.get("/api/catalogue.json");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
            Map<String, Object> body = JSON.std.mapFrom(response.body());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> recipes = (List<Map<String, Object>>) body.get("recipes");
            assertThat(recipes).extracting(r -> r.get("recipe")).containsExactly("alpha", "beta", "delta", "gamma");
            Map<String, Object> alpha = recipes.get(0);
            assertThat(alpha).containsEntry("level", 2).containsEntry("run_id", "2").containsEntry("trend", "down")
                    .containsEntry("previous_level", 4).containsEntry("verdict", "app-failed")
                    .containsEntry("last_scheduled_at", T.plusSeconds(3600).toString())
                    .containsEntry("last_scheduled_age_seconds", 86_400 - 3600);
            assertThat(recipes.get(1)).containsEntry("level", 3).containsEntry("trend", "up")
                    .containsEntry("last_scheduled_at", T.toString());
            assertThat(recipes.get(2)).as("an infrastructure error has no level, never level 0").containsEntry("level", null)
                    .containsEntry("verdict", "infrastructure-error").containsEntry("trend", null);
            assertThat(recipes.get(3)).as("PR runs only: no main level yet").containsEntry("level", null)
                    .containsEntry("run_id", null).containsEntry("last_scheduled_at", null);
        }
    }

    @Test
    void theCataloguePageShowsTheSameWorstFirstInTheBrowser() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find().orElseThrow(() -> new AssertionError(
                "no chromium on PATH: `bin/ccci sandbox up` installs Debian's chromium (or apt-get install chromium)"));
        mark(RunDirs.run(runs, "1", "alpha", T, 4, ""), "main", "scheduled");
        mark(RunDirs.run(runs, "2", "alpha", T.plusSeconds(3600), 2, "backup failed"), "main", "scheduled");
        mark(RunDirs.run(runs, "3", "beta", T, 0, "install failed"), "main", "manual");
        RunDirs.run(runs, "4", "gamma", T, 4, "");
        try (TestDashboard dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs), Optional.empty(), NOW)) {
            String dom = chromium.dumpDom(dashboard.url("/catalogue"));

            assertThat(dom).containsSubsequence("href=\"/recipes/beta\"", "href=\"/recipes/alpha\"", "href=\"/recipes/gamma\"");
            assertThat(dom).contains("<span class=\"badge l0\">level 0</span>").contains("<span class=\"badge l2\">level 2</span>")
                    .contains("↓ from level 4").contains("no main run").contains("never")
                    .contains("2026-11-29 01:00 UTC").contains("23 h ago");
        }
    }

    @Test
    void everyPagesHeaderLeadsToTheCatalogueAndBackToTheRecipes() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find().orElseThrow(() -> new AssertionError(
                "no chromium on PATH: `bin/ccci sandbox up` installs Debian's chromium (or apt-get install chromium)"));
        RunDirs.run(runs, "1", "alpha", T, 4, "");
        try (TestDashboard dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs), Optional.empty(), NOW)) {
            for (String page : List.of("/", "/recipes/alpha", "/runs/1", "/catalogue")) {
                String dom = chromium.dumpDom(dashboard.url(page));
                String header = dom.substring(dom.indexOf("<header"), dom.indexOf("</header>"));
                assertThat(header).as(page).contains("<a href=\"/\">recipes</a>").contains("<a href=\"/catalogue\">catalogue</a>");
            }
        }
    }

    /** Gives a run the contract's kind and trigger, as the engine now records them. */
    private static Path mark(Path run, String kind, String trigger) {
        RunDirs.amend(run, Map.of("kind", kind, "trigger", trigger));
        return run;
    }
}
