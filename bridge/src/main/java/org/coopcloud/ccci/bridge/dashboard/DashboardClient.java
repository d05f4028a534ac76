package org.coopcloud.ccci.bridge.dashboard;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.coopcloud.ccci.bridge.http.ApiClient;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.http.ApiResponse;
import org.coopcloud.ccci.bridge.http.Json;
import org.coopcloud.ccci.bridge.http.RetryPolicy;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.Baseline;
import org.coopcloud.ccci.engine.results.ResultsJson;
import org.coopcloud.ccci.engine.results.RunEstimate;
import org.coopcloud.ccci.engine.results.RunReport;

/**
 * Reads a run's published files from the dashboard, never from a local directory, so the bridge
 * may run on any host (issue 14). The contract agreed with the dashboard:
 * {@code GET <dashboard>/api/runs/<runId>/results.json} and {@code .../pr-comment.md}, 404 until
 * the run is published; the run id is the Drone build number; and
 * {@code GET <dashboard>/api/recipes/<recipe>/estimate?stages=...&quick=0|1} for the expected duration;
 * {@code GET <dashboard>/api/recipes/<recipe>/baseline} for main's level (404 when main has no run).
 */
public final class DashboardClient {
    private static final Logger LOG = Logger.getLogger(DashboardClient.class.getName());
    /**
     * The estimate is a nicety in the "running" comment: one try, bounded by this, so a slow or
     * absent dashboard delays the comment by at most this and never fails the request.
     */
    public static final Duration ESTIMATE_TIMEOUT = Duration.ofSeconds(2);
    /** A run started by {@code !testme} runs every stage (the bridge never narrows them). */
    private static final String ALL_STAGES = Arrays.stream(Stage.values()).sorted().map(Stage::id).collect(Collectors.joining(","));

    private final URI base;
    private final String runPage;
    private final ApiClient client;
    private final ApiClient estimates = new ApiClient("dashboard", new RetryPolicy(1, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, ESTIMATE_TIMEOUT), null, null);

    public DashboardClient(URI base, String runPage, ApiClient client) {
        this.base = base;
        this.runPage = runPage;
        this.client = client;
    }

    /**
     * The expected duration of a {@code !testme} run of the recipe (every stage, quick or not): the
     * median of its earlier passed runs on the dashboard. Empty when there are none, and when the
     * dashboard is down, slow or answers nonsense (logged): never an error.
     */
    public Optional<RunEstimate> estimate(String recipe, boolean quick) {
        URI uri = URI.create(base + "/api/recipes/" + recipe + "/estimate?stages=" + ALL_STAGES + "&quick=" + (quick ? 1 : 0));
        try {
            ApiResponse response = estimates.get(uri);
            if (response.status() == 404) {
                return Optional.empty();
            }
            if (response.status() != 200) {
                throw new ApiException("dashboard estimate of " + recipe + ": HTTP " + response.status(), response.status());
            }
            Map<String, Object> body = Json.object(response.body(), "dashboard estimate of " + recipe);
            long median = Json.number(body, "median_ms", "dashboard estimate of " + recipe);
            long runs = Json.number(body, "runs", "dashboard estimate of " + recipe);
            return median > 0 && runs > 0 ? Optional.of(new RunEstimate(Duration.ofMillis(median), (int) runs)) : Optional.empty();
        } catch (ApiException e) {
            LOG.warning(e.getMessage() + "; the running comment goes out without an expected finish");
            return Optional.empty();
        }
    }

    /**
     * Main's level for the PR comment's heading: {@code GET <dashboard>/api/recipes/<recipe>/baseline},
     * the recipe's default branch's latest finished run, else its newest release's. 404: main has no
     * run yet. Anything else going wrong (down, slow, nonsense) is logged and renders "main: unknown":
     * the verdict is never held back for it.
     */
    public Baseline baseline(String recipe) {
        String what = "dashboard baseline of " + recipe;
        try {
            ApiResponse response = client.get(URI.create(base + "/api/recipes/" + recipe + "/baseline"));
            if (response.status() == 404) {
                return Baseline.NO_RUN.withFlaky(flakyRungs(response.body()));
            }
            if (response.status() != 200) {
                throw new ApiException(what + ": HTTP " + response.status(), response.status());
            }
            Map<String, Object> body = Json.object(response.body(), what);
            Object level = body.get("level");
            if (level != null && !(level instanceof Number)) {
                throw new ApiException(what + ": field 'level' is not a number", 0);
            }
            return Baseline.of(Json.optionalString(body, "kind"),
                    level == null ? Optional.empty() : Optional.of(((Number) level).intValue())).withFlaky(flakyRungs(response.body()));
        } catch (ApiException e) {
            LOG.warning(e.getMessage() + "; the PR comment says main's level is unknown");
            return Baseline.UNKNOWN;
        }
    }

    /**
     * The baseline answer's {@code flaky_rungs} (rung id to how often); empty when absent or not
     * readable: flakiness is a note, never a reason to hold the verdict back.
     */
    static Map<Stage, String> flakyRungs(String body) {
        Map<Stage, String> flaky = new java.util.EnumMap<>(Stage.class);
        try {
            if (Json.object(body, "flaky_rungs").get("flaky_rungs") instanceof Map<?, ?> rungs) {
                for (Stage stage : Stage.values()) {
                    if (rungs.get(stage.id()) instanceof String how) {
                        flaky.put(stage, how);
                    }
                }
            }
        } catch (ApiException e) {
            // no body, or not JSON: no flaky rungs known
        }
        return flaky;
    }

    /** The dashboard's base URL, under which the run pages, cards and files are. */
    public String baseUrl() {
        return base.toString();
    }

    public Optional<String> resultsJson(String runId) throws ApiException {
        return file(runId, ResultsJson.FILE_NAME);
    }

    public Optional<String> prComment(String runId) throws ApiException {
        return file(runId, RunReport.PR_COMMENT_FILE);
    }

    /** The run's page for people (linked from the PR comment and the commit status). */
    public String runPageUrl(String runId) {
        return base + runPage.replace("{run}", runId);
    }

    private Optional<String> file(String runId, String name) throws ApiException {
        ApiResponse response = client.get(URI.create(base + "/api/runs/" + runId + "/" + name));
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() != 200) {
            throw new ApiException("dashboard " + name + " of run " + runId + ": HTTP " + response.status(), response.status());
        }
        return Optional.of(response.body());
    }
}
