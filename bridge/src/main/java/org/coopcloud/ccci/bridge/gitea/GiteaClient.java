package org.coopcloud.ccci.bridge.gitea;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.coopcloud.ccci.bridge.http.ApiClient;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.http.ApiResponse;
import org.coopcloud.ccci.bridge.http.Json;

/**
 * The Gitea API calls the bridge makes, as Gitea's OpenAPI document
 * (templates/swagger/v1_json.tmpl of go-gitea/gitea) defines them: repoListPullRequests,
 * repoGetPullRequest, issueGetComments, issueCreateComment, issueEditComment, orgIsMember and
 * repoCreateStatus. Authorization: {@code Authorization: token <token>}.
 */
public final class GiteaClient {
    private static final Logger LOG = Logger.getLogger(GiteaClient.class.getName());
    private static final int PAGE_SIZE = 50;

    private final URI api;
    private final ApiClient client;

    public GiteaClient(URI baseUrl, ApiClient client) {
        this.api = URI.create(baseUrl + "/api/v1");
        this.client = client;
    }

    /** Every open PR of the repo, page by page ({@code page} is 1-based, {@code limit} the page size). */
    public List<PullRequest> openPulls(String repo) throws ApiException {
        List<PullRequest> pulls = new ArrayList<>();
        for (int page = 1; page <= 100; page++) {
            String what = "gitea list PRs of " + repo;
            List<Object> items = Json.array(ok(client.get(uri("/repos/" + repo + "/pulls?state=open&page=" + page + "&limit=" + PAGE_SIZE)), what), what);
            for (Object item : items) {
                try {
                    pulls.add(pull(Json.object(item, what), what));
                } catch (ApiException e) {
                    LOG.warning(e.getMessage() + "; skipping that PR");
                }
            }
            if (items.size() < PAGE_SIZE) {
                break;
            }
        }
        return pulls;
    }

    public PullRequest pull(String repo, long number) throws ApiException {
        String what = "gitea get PR " + repo + "#" + number;
        return pull(Json.object(ok(client.get(uri("/repos/" + repo + "/pulls/" + number)), what), what), what);
    }

    /** The comments on PR {@code number} updated at or after {@code since} (Gitea's {@code since} filter). */
    public List<Comment> comments(String repo, long number, Instant since) throws ApiException {
        String what = "gitea list comments of " + repo + "#" + number;
        String query = since == null ? "" : "?since=" + enc(since.toString());
        List<Object> items = Json.array(ok(client.get(uri("/repos/" + repo + "/issues/" + number + "/comments" + query)), what), what);
        List<Comment> comments = new ArrayList<>();
        for (Object item : items) {
            try {
                comments.add(comment(Json.object(item, what), what));
            } catch (ApiException e) {
                LOG.warning(e.getMessage() + "; skipping that comment");
            }
        }
        return comments;
    }

    /**
     * Whether {@code login} is a member of {@code org}: 204 yes, 404 no. When the bot itself is not a
     * member, Gitea answers 303 to the public-members endpoint, which answers the same way; that
     * redirect is followed here, on the same server only.
     */
    public boolean isMember(String org, String login) throws ApiException {
        URI uri = uri("/orgs/" + enc(org) + "/members/" + enc(login));
        for (int hop = 0; hop < 3; hop++) {
            ApiResponse response = client.get(uri);
            if (response.status() == 204) {
                return true;
            }
            if (response.status() == 404) {
                return false;
            }
            if (response.status() == 302 || response.status() == 303) {
                String location = response.headers().firstValue("Location").orElse("");
                URI next = uri.resolve(location);
                if (!next.getHost().equals(api.getHost()) || next.getPort() != api.getPort()) {
                    throw new ApiException("gitea membership check: redirect off the Gitea server refused", response.status());
                }
                uri = next;
                continue;
            }
            throw new ApiException("gitea membership check of " + login + " in " + org + ": HTTP " + response.status(), response.status());
        }
        throw new ApiException("gitea membership check of " + login + " in " + org + ": too many redirects", 0);
    }

    /** Posts a comment and answers its id. Sent once: on failure the caller looks for it before posting again. */
    public long createComment(String repo, long number, String body) throws ApiException {
        String what = "gitea create comment on " + repo + "#" + number;
        ApiResponse response = client.send("POST", uri("/repos/" + repo + "/issues/" + number + "/comments"),
                Json.write(Map.of("body", body)), ApiClient.Retry.ONLY_IF_REFUSED);
        return Json.number(Json.object(ok(response, what), what), "id", what);
    }

    public void editComment(String repo, long commentId, String body) throws ApiException {
        String what = "gitea edit comment " + commentId + " in " + repo;
        ok(client.send("PATCH", uri("/repos/" + repo + "/issues/comments/" + commentId), Json.write(Map.of("body", body)),
                ApiClient.Retry.SAFE), what);
    }

    /** Sets a commit status; setting the same status twice changes nothing, so it is retried freely. */
    public void setStatus(String repo, String sha, String state, String targetUrl, String description, String context)
            throws ApiException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state);
        body.put("target_url", targetUrl);
        body.put("description", description.length() > 140 ? description.substring(0, 140) : description);
        body.put("context", context);
        ok(client.send("POST", uri("/repos/" + repo + "/statuses/" + enc(sha)), Json.write(body), ApiClient.Retry.SAFE),
                "gitea set status on " + repo + "@" + sha);
    }

    private static PullRequest pull(Map<String, Object> map, String what) throws ApiException {
        long number = Json.number(map, "number", what);
        Map<String, Object> head = Json.object(map.get("head"), what + ": head");
        String sha = Json.string(head, "sha", what + ": head");
        if (!sha.matches("[0-9a-fA-F]{7,64}")) {
            throw new ApiException(what + ": malformed answer (head.sha is not a commit sha)", 0);
        }
        String state = Json.optionalString(map, "state");
        return new PullRequest(number, sha.toLowerCase(java.util.Locale.ROOT), state == null || "open".equals(state));
    }

    public static Comment comment(Map<String, Object> map, String what) throws ApiException {
        long id = Json.number(map, "id", what);
        String body = Json.optionalString(map, "body");
        Map<String, Object> user = Json.object(map.get("user"), what + ": user");
        String login = Json.string(user, "login", what + ": user");
        String updated = Json.optionalString(map, "updated_at");
        if (updated == null) {
            updated = Json.string(map, "created_at", what);
        }
        Instant at;
        try {
            at = java.time.OffsetDateTime.parse(updated).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(what + ": malformed answer (updated_at is not a date)", 0);
        }
        return new Comment(id, body == null ? "" : body, login, at);
    }

    private static String ok(ApiResponse response, String what) throws ApiException {
        if (response.status() / 100 != 2) {
            throw new ApiException(what + ": HTTP " + response.status(), response.status());
        }
        return response.body();
    }

    private URI uri(String pathAndQuery) {
        return URI.create(api + pathAndQuery);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
