package org.coopcloud.ccci.bridge.doubles;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST DOUBLE of the dashboard's read API, as agreed with the dashboard module (issue 14):
 * {@code GET /api/runs/<runId>/results.json} and {@code GET /api/runs/<runId>/pr-comment.md} answer
 * a published run's files as they were published, 404 until then. The run id is the Drone build number.
 */
public final class DashboardDouble extends DoubleServer {
    private final Map<String, String> files = new ConcurrentHashMap<>();

    public DashboardDouble() throws IOException {
        route("GET", "/api/runs/([^/]+)/(results\\.json|pr-comment\\.md)", (m, r) -> {
            String body = files.get(m.group(1) + "/" + m.group(2));
            return body == null ? Reply.text(404, "run not published") : Reply.text(200, body);
        });
    }

    public void publish(String runId, String resultsJson, String prComment) {
        files.put(runId + "/results.json", resultsJson);
        if (prComment != null) {
            files.put(runId + "/pr-comment.md", prComment);
        }
    }
}
