package org.coopcloud.ccci.bridge.dashboard;

import java.net.URI;
import java.util.Optional;
import org.coopcloud.ccci.bridge.http.ApiClient;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.http.ApiResponse;
import org.coopcloud.ccci.engine.results.ResultsJson;
import org.coopcloud.ccci.engine.results.RunReport;

/**
 * Reads a run's published files from the dashboard, never from a local directory, so the bridge
 * may run on any host (issue 14). The contract agreed with the dashboard:
 * {@code GET <dashboard>/api/runs/<runId>/results.json} and {@code .../pr-comment.md}, 404 until
 * the run is published; the run id is the Drone build number.
 */
public final class DashboardClient {
    private final URI base;
    private final String runPage;
    private final ApiClient client;

    public DashboardClient(URI base, String runPage, ApiClient client) {
        this.base = base;
        this.runPage = runPage;
        this.client = client;
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
