package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many runs of many recipes, answered from the index: the overview has every recipe with its newest
 * run's level, a recipe page counts all its runs, and 40 badges asked at once are all right.
 * {@code -Dccci.dashboard.runs=10000} runs the size (minutes to generate); the default keeps
 * the suite fast. Speed is the benchmark module's (DashboardBenchmark), never asserted here.
 */
class DashboardScaleTest {
    private static final int RUNS = Integer.getInteger("ccci.dashboard.runs", 400);
    private static final int RECIPES = Math.max(1, Math.min(200, RUNS / 60));
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path runs;

    @Test
    void manyRunsOfManyRecipesAreAllOnThePagesAndBadges() throws Exception {
        for (int i = 0; i < RUNS; i++) {
            int recipe = i % RECIPES;
            RunDirs.mainRun(runs, "r" + i, "recipe-" + recipe, T.plusSeconds(60L * i), level(i), "rung failed");
        }
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            String overview = dashboard.get("/").body();
            for (int recipe = 0; recipe < RECIPES; recipe++) {
                int newest = newestRun(recipe);
                assertThat(overview).as("recipe-" + recipe).contains("href=\"/recipes/recipe-" + recipe + "\"")
                        .contains("href=\"/runs/r" + newest + "\"");
            }
            int perRecipe = (RUNS + RECIPES - 1) / RECIPES;
            assertThat(dashboard.get("/recipes/recipe-0").body()).contains("of " + perRecipe + " runs");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<CompletableFuture<HttpResponse<String>>> badges = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                badges.add(http.sendAsync(HttpRequest.newBuilder(URI.create(dashboard.url("/badge/recipe-" + i % RECIPES + ".svg")))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> badge = badges.get(i).join();
                assertThat(badge.statusCode()).isEqualTo(200);
                assertThat(badge.body()).contains(">level " + level(newestRun(i % RECIPES)) + "</text>");
            }
        }
    }

    private static int level(int run) {
        return run % 5;
    }

    /** The highest run number of the recipe (runs are numbered and timed in order). */
    private static int newestRun(int recipe) {
        int last = RUNS - 1;
        return last - Math.floorMod(last - recipe, RECIPES);
    }
}
