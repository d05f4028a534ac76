package org.coopcloud.ccci.bridge.doubles;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST DOUBLE of the dashboard's read API, as agreed with the dashboard module (issue 14):
 * {@code GET /api/runs/<runId>/results.json} and {@code GET /api/runs/<runId>/pr-comment.md} answer
 * a published run's files as they were published, 404 until then. The run id is the Drone build number.
 * {@code GET /api/recipes/<recipe>/baseline} answers main's level as the test set it, else 404.
 * {@code GET /api/recipes/<recipe>/estimate?stages=...&quick=0|1} answers
 * {@code {"median_ms": N, "runs": K}} for an estimate the test set for exactly that query, else 404
 * with {@code {"runs": 0}}, as the real dashboard does when no earlier run compares.
 */
public final class DashboardDouble extends DoubleServer {
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> estimates = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> baselines = new ConcurrentHashMap<>();

    public DashboardDouble() throws IOException {
        route("GET", "/api/runs/([^/]+)/(results\\.json|pr-comment\\.md)", (m, r) -> {
            String body = files.get(m.group(1) + "/" + m.group(2));
            return body == null ? Reply.text(404, "run not published") : Reply.text(200, body);
        });
        route("GET", "/api/recipes/([^/]+)/baseline", (m, r) -> {
            Map<String, Object> baseline = baselines.get(m.group(1));
            return baseline == null ? Reply.text(404, "no main or release run") : Reply.json(200, baseline);
        });
        route("GET", "/api/recipes/([^/]+)/estimate", (m, r) -> {
            Map<String, Object> estimate = estimates.get(m.group(1) + "?" + r.query().get("stages") + "&" + r.query().get("quick"));
            return estimate == null ? Reply.json(404, Map.of("runs", 0)) : Reply.json(200, estimate);
        });
    }

    /** What {@code /api/recipes/<recipe>/baseline} answers (the contract's fields); 404 until set. */
    public void baseline(String recipe, String kind, int level) {
        baselines.put(recipe, Map.of("recipe", recipe, "kind", kind, "run_id", "100", "level", level, "verdict", "passed",
                "commit", "0123456789abcdef0123456789abcdef01234567", "finished_at", "2026-12-01T10:00:00Z"));
    }

    /** What the estimate of the recipe's runs with these stages (comma-separated) and quick-ness answers. */
    public void estimate(String recipe, String stages, boolean quick, long medianMs, int runs) {
        estimates.put(recipe + "?" + stages + "&" + (quick ? "1" : "0"), Map.of("median_ms", medianMs, "runs", runs));
    }

    public void publish(String runId, String resultsJson, String prComment) {
        files.put(runId + "/results.json", resultsJson);
        if (prComment != null) {
            files.put(runId + "/pr-comment.md", prComment);
        }
    }
}
