package org.coopcloud.ccci.bridge.gitea;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.coopcloud.ccci.bridge.http.ApiClient;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.http.ApiResponse;
import org.coopcloud.ccci.bridge.http.Json;

/**
 * The Gitea API calls the bridge makes, as Gitea's OpenAPI document
 * (templates/swagger/v1_json.tmpl of go-gitea/gitea) defines them: repoListPullRequests,
 * repoGetPullRequest, issueGetComments, issueGetCommentsAndTimeline, issueCreateComment,
 * issueEditComment, orgIsMember, repoCreateStatus and userGetCurrent. Authorization:
 * {@code Authorization: token <token>}.
 */
public final class GiteaClient {
    private static final Logger LOG = Logger.getLogger(GiteaClient.class.getName());
    private static final int PAGE_SIZE = 50;

    private final URI api;
    private final ApiClient client;
    private volatile String botLogin;

    public GiteaClient(URI baseUrl, ApiClient client) {
        this.api = URI.create(baseUrl + "/api/v1");
        this.client = client;
    }

    /** Every open PR of the repo, page by page ({@code page} is 1-based, {@code limit} the page size). */
    public List<PullRequest> openPulls(String repo) throws ApiException {
        List<PullRequest> pulls = new ArrayList<>();
        for (int page = 1; page <= 100; page++) {
            String what = "gitea list PRs of " + repo;
            ApiResponse response = client.get(uri("/repos/" + repo + "/pulls?state=open&page=" + page + "&limit=" + PAGE_SIZE));
            List<Object> items = Json.array(ok(response, what), what);
            Instant seenAt = serverDate(response);
            for (Object item : items) {
                try {
                    pulls.add(pull(Json.object(item, what), what, seenAt));
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
        ApiResponse response = client.get(uri("/repos/" + repo + "/pulls/" + number));
        return pull(Json.object(ok(response, what), what), what, serverDate(response));
    }

    /**
     * The pushes Gitea recorded on PR {@code number}, in timeline order: the entries of type
     * {@code pull_push} of issueGetCommentsAndTimeline ({@code GET .../issues/{index}/timeline}, paged).
     */
    public List<PushEvent> pushes(String repo, long number) throws ApiException {
        String what = "gitea timeline of " + repo + "#" + number;
        List<PushEvent> pushes = new ArrayList<>();
        for (int page = 1; page <= 1000; page++) {
            List<Object> items = Json.array(ok(client.get(uri("/repos/" + repo + "/issues/" + number + "/timeline?page=" + page
                    + "&limit=" + PAGE_SIZE)), what), what);
            for (Object item : items) {
                Map<String, Object> entry = Json.object(item, what);
                if ("pull_push".equals(Json.optionalString(entry, "type"))) {
                    pushes.add(new PushEvent(Json.number(entry, "id", what), newHead(Json.optionalString(entry, "body"))));
                }
            }
            if (items.size() < PAGE_SIZE) {
                return pushes;
            }
        }
        throw new ApiException(what + ": more than 1000 pages", 0);
    }

    /** The last of the push's {@code commit_ids} when it is a commit sha; empty for anything else. */
    private static Optional<String> newHead(String body) {
        try {
            Object ids = Json.object(body == null ? "" : body, "push").get("commit_ids");
            if (ids instanceof List<?> list && !list.isEmpty() && list.get(list.size() - 1) instanceof String sha
                    && sha.matches("[0-9a-fA-F]{7,64}")) {
                return Optional.of(sha.toLowerCase(java.util.Locale.ROOT));
            }
        } catch (ApiException e) {
            LOG.warning("a pull_push entry whose body is not Gitea's push record; its head is unknown");
        }
        return Optional.empty();
    }

    /** The login of the token's user (userGetCurrent, {@code GET /user}): the bot's own name, asked once. */
    public String botLogin() throws ApiException {
        String login = botLogin;
        if (login == null) {
            String what = "gitea get the token's user";
            login = Json.string(Json.object(ok(client.get(uri("/user")), what), what), "login", what);
            botLogin = login;
        }
        return login;
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

    /** The {@code Date} of Gitea's answer: when Gitea (by its own clock) answered; null when absent or unreadable. */
    private static Instant serverDate(ApiResponse response) {
        return response.headers().firstValue("Date").map(d -> {
            try {
                return ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }).orElse(null);
    }

    private static PullRequest pull(Map<String, Object> map, String what, Instant seenAt) throws ApiException {
        long number = Json.number(map, "number", what);
        Map<String, Object> head = Json.object(map.get("head"), what + ": head");
        String sha = Json.string(head, "sha", what + ": head");
        if (!sha.matches("[0-9a-fA-F]{7,64}")) {
            throw new ApiException(what + ": malformed answer (head.sha is not a commit sha)", 0);
        }
        String state = Json.optionalString(map, "state");
        return new PullRequest(number, sha.toLowerCase(java.util.Locale.ROOT), state == null || "open".equals(state), seenAt);
    }

    public static Comment comment(Map<String, Object> map, String what) throws ApiException {
        long id = Json.number(map, "id", what);
        String body = Json.optionalString(map, "body");
        Map<String, Object> user = Json.object(map.get("user"), what + ": user");
        String login = Json.string(user, "login", what + ": user");
        Instant created = date(Json.string(map, "created_at", what), "created_at", what);
        String updated = Json.optionalString(map, "updated_at");
        return new Comment(id, body == null ? "" : body, login, created, updated == null ? created : date(updated, "updated_at", what));
    }

    private static Instant date(String text, String field, String what) throws ApiException {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(what + ": malformed answer (" + field + " is not a date)", 0);
        }
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
