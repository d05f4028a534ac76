package org.coopcloud.ccci.bridge.doubles;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.coopcloud.ccci.bridge.http.Json;

/**
 * TEST DOUBLE of Gitea's REST API (Gitea cannot be installed here). It follows Gitea's OpenAPI
 * document, templates/swagger/v1_json.tmpl of go-gitea/gitea (read at commit 002a46fed337), for the
 * operations the bridge uses:
 * <ul>
 * <li>repoListPullRequests {@code GET /api/v1/repos/{owner}/{repo}/pulls} (query {@code state},
 * {@code page} 1-based, {@code limit}): PullRequest objects with {@code number}, {@code state},
 * {@code head.sha};</li>
 * <li>repoGetPullRequest {@code GET .../pulls/{index}} (404 when there is none);</li>
 * <li>issueGetComments {@code GET .../issues/{index}/comments} (query {@code since}, RFC 3339:
 * comments updated at or after it): Comment objects with {@code id}, {@code body},
 * {@code user.login}, {@code created_at}, {@code updated_at};</li>
 * <li>issueCreateComment {@code POST .../issues/{index}/comments} {@code {"body"}}: 201 and the Comment;</li>
 * <li>issueEditComment {@code PATCH .../issues/comments/{id}} {@code {"body"}}: 200 and the Comment,
 * 403 when the token's user did not write it, 404 when there is none;</li>
 * <li>orgIsMember {@code GET /api/v1/orgs/{org}/members/{username}}: 204 member, 404 not, and 303
 * to {@code /orgs/{org}/public_members/{username}} when the asking user is not a member itself;</li>
 * <li>repoCreateStatus {@code POST .../statuses/{sha}} {@code {"state","target_url","description","context"}}: 201;</li>
 * <li>issueGetCommentsAndTimeline {@code GET .../issues/{index}/timeline} (query {@code page}, {@code limit}):
 * TimelineComment objects ({@code id}, {@code type}, {@code body}, {@code user}, {@code created_at}) in
 * the order they were written: the comments (type {@code comment}) and, for each push to the PR's
 * branch, a {@code pull_push} entry whose body is services/pull's PushActionContent
 * {@code {"is_force_push":false,"commit_ids":[...]}} (the new commits, oldest first; for a force push
 * {@code true} and the old and the new head). Both are rows
 * of Gitea's one {@code comment} table, so their ids come from one sequence, as here. Gitea writes the
 * push entry from its push queue, after the branch has moved: {@link #pushUnrecorded} is a push whose
 * entry is not written yet;</li>
 * <li>userGetCurrent {@code GET /api/v1/user}: the token's user ({@code login}).</li>
 * </ul>
 * Every call needs {@code Authorization: token <token>} (401 otherwise). Webhook deliveries are
 * built as Gitea's {@code issue_comment} payload (action, issue, comment, repository, is_pull),
 * with the event header of modules/webhook/type.go ({@code issue_comment} for PR comments too), signed
 * as services/webhook/deliver.go signs them: hex HMAC-SHA256 of the body in
 * {@code X-Gitea-Signature}.
 */
public final class GiteaDouble extends DoubleServer {
    public static final String BOT = "cc-ci-bot";

    /** A stored comment. */
    public record StoredComment(long id, String repo, long issue, String login, String body, Instant created, Instant updated) {
    }

    /** A commit status as posted. */
    public record Status(String repo, String sha, String state, String targetUrl, String description, String context) {
    }

    private final String token;
    private final Map<String, Map<Long, Map<String, Object>>> pulls = new LinkedHashMap<>();
    private final List<StoredComment> comments = new ArrayList<>();
    private final List<Status> statuses = new ArrayList<>();
    /** The pull_push timeline entries: id, repo, issue, the body's commit ids, whether forced. */
    private record PushEntry(long id, String repo, long issue, List<String> commitIds, boolean force, Instant created) {
    }

    private final List<PushEntry> pushEntries = new ArrayList<>();
    private final Set<String> members = new HashSet<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private volatile boolean botIsOrgMember = true;

    private Reply auth(Seen request, Answer answer) throws Exception {
        return authorised(request, "token " + token, answer);
    }

    public GiteaDouble(String token) throws IOException {
        this.token = token;
        route("GET", "/api/v1/repos/([^/]+/[^/]+)/pulls", (m, r) -> auth(r, () -> listPulls(m.group(1), r)));
        route("GET", "/api/v1/repos/([^/]+/[^/]+)/pulls/(\\d+)", (m, r) -> auth(r, () -> getPull(m.group(1), Long.parseLong(m.group(2)))));
        route("GET", "/api/v1/repos/([^/]+/[^/]+)/issues/(\\d+)/comments",
                (m, r) -> auth(r, () -> listComments(m.group(1), Long.parseLong(m.group(2)), r.query().get("since"))));
        route("POST", "/api/v1/repos/([^/]+/[^/]+)/issues/(\\d+)/comments",
                (m, r) -> auth(r, () -> createComment(m.group(1), Long.parseLong(m.group(2)), r.body())));
        route("PATCH", "/api/v1/repos/([^/]+/[^/]+)/issues/comments/(\\d+)",
                (m, r) -> auth(r, () -> editComment(m.group(1), Long.parseLong(m.group(2)), r.body())));
        route("GET", "/api/v1/orgs/([^/]+)/members/([^/]+)", (m, r) -> auth(r, () -> membership(m.group(1), m.group(2), true)));
        route("GET", "/api/v1/orgs/([^/]+)/public_members/([^/]+)", (m, r) -> auth(r, () -> membership(m.group(1), m.group(2), false)));
        route("POST", "/api/v1/repos/([^/]+/[^/]+)/statuses/([0-9a-fA-F]+)",
                (m, r) -> auth(r, () -> createStatus(m.group(1), m.group(2), r.body())));
        route("GET", "/api/v1/repos/([^/]+/[^/]+)/issues/(\\d+)/timeline",
                (m, r) -> auth(r, () -> timeline(m.group(1), Long.parseLong(m.group(2)), r)));
        route("GET", "/api/v1/user", (m, r) -> auth(r, () -> Reply.json(200, Map.of("login", BOT, "id", 1))));
    }

    // ---- what a test sets up ----

    public synchronized void openPull(String repo, long number, String headSha) {
        Map<String, Object> pr = new LinkedHashMap<>();
        pr.put("number", number);
        pr.put("state", "open");
        pr.put("head", new LinkedHashMap<>(Map.of("sha", headSha, "ref", "feature-" + number,
                "repo", Map.of("full_name", repo))));
        pulls.computeIfAbsent(repo, k -> new LinkedHashMap<>()).put(number, pr);
    }

    /** A push of one commit to the PR's branch: a new head, and Gitea's pull_push entry in the PR's timeline. */
    public synchronized void push(String repo, long number, String headSha) {
        pushCommits(repo, number, List.of(headSha));
    }

    /** A push of several commits, oldest first: the entry lists them all, the last is the new head. */
    public synchronized void pushCommits(String repo, long number, List<String> commits) {
        pushUnrecorded(repo, number, commits.get(commits.size() - 1));
        pushEntries.add(new PushEntry(ids.incrementAndGet(), repo, number, List.copyOf(commits), false,
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    }

    /** A force push: Gitea's entry has {@code is_force_push} and the old and the new head. */
    public synchronized void forcePush(String repo, long number, String headSha) {
        @SuppressWarnings("unchecked")
        String old = (String) ((Map<String, Object>) pulls.get(repo).get(number).get("head")).get("sha");
        pushUnrecorded(repo, number, headSha);
        pushEntries.add(new PushEntry(ids.incrementAndGet(), repo, number, List.of(old, headSha), true,
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    }

    /**
     * A push whose timeline entry Gitea has not written yet: its push queue writes the entry after
     * the branch moved, and a busy queue (which anyone can load with pushes of their own) delays it.
     */
    public synchronized void pushUnrecorded(String repo, long number, String headSha) {
        @SuppressWarnings("unchecked")
        Map<String, Object> head = (Map<String, Object>) pulls.get(repo).get(number).get("head");
        head.put("sha", headSha);
    }

    public synchronized void member(String login) {
        members.add(login.toLowerCase());
    }

    /** When false, orgIsMember answers 303 to the public-members endpoint, as for a non-member asker. */
    public void botIsOrgMember(boolean member) {
        this.botIsOrgMember = member;
    }

    public synchronized StoredComment comment(String repo, long issue, String login, String body) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StoredComment c = new StoredComment(ids.incrementAndGet(), repo, issue, login, body, now, now);
        comments.add(c);
        return c;
    }

    /** A user deletes a comment (Gitea's issueDeleteComment), as may happen to the bot's own. */
    public synchronized void delete(long commentId) {
        comments.removeIf(c -> c.id() == commentId);
    }

    // ---- what a test reads ----

    public synchronized List<StoredComment> commentsBy(String login) {
        return comments.stream().filter(c -> c.login().equals(login)).toList();
    }

    public synchronized List<Status> statuses() {
        return List.copyOf(statuses);
    }

    public synchronized List<Status> statusesOn(String sha) {
        return statuses.stream().filter(s -> s.sha().equals(sha)).toList();
    }

    // ---- the API ----

    private synchronized Reply listPulls(String repo, Seen r) {
        int page = Integer.parseInt(r.query().getOrDefault("page", "1"));
        int limit = Integer.parseInt(r.query().getOrDefault("limit", "30"));
        String state = r.query().getOrDefault("state", "open");
        List<Map<String, Object>> all = pulls.getOrDefault(repo, Map.of()).values().stream()
                .filter(p -> state.equals("all") || state.equals(p.get("state"))).toList();
        int from = Math.min(all.size(), (Math.max(page, 1) - 1) * limit);
        int to = Math.min(all.size(), from + limit);
        Reply reply = Reply.json(200, all.subList(from, to));
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("X-Total-Count", String.valueOf(all.size()));
        return new Reply(200, headers, reply.body());
    }

    private synchronized Reply timeline(String repo, long issue, Seen r) {
        int page = Integer.parseInt(r.query().getOrDefault("page", "1"));
        int limit = Integer.parseInt(r.query().getOrDefault("limit", "30"));
        List<Map<String, Object>> all = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        comments.stream().filter(c -> c.repo().equals(repo) && c.issue() == issue).forEach(c -> rows.add(new Object[] {c.id(), c}));
        pushEntries.stream().filter(p -> p.repo().equals(repo) && p.issue() == issue).forEach(p -> rows.add(new Object[] {p.id(), p}));
        rows.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
        for (Object[] row : rows) {
            if (row[1] instanceof StoredComment c) {
                Map<String, Object> m = json(c);
                m.put("type", "comment");
                all.add(m);
            } else {
                PushEntry p = (PushEntry) row[1];
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", p.id());
                m.put("type", "pull_push");
                m.put("body", Reply.json(200, Map.of("is_force_push", p.force(), "commit_ids", p.commitIds())).body());
                m.put("user", Map.of("login", "pusher", "id", 2));
                m.put("created_at", p.created().toString());
                m.put("updated_at", p.created().toString());
                all.add(m);
            }
        }
        int from = Math.min(all.size(), (Math.max(page, 1) - 1) * limit);
        int to = Math.min(all.size(), from + limit);
        return Reply.json(200, all.subList(from, to));
    }

    private synchronized Reply getPull(String repo, long number) {
        Map<String, Object> pr = pulls.getOrDefault(repo, Map.of()).get(number);
        return pr == null ? Reply.json(404, Map.of("message", "pull request does not exist")) : Reply.json(200, pr);
    }

    private synchronized Reply listComments(String repo, long issue, String since) {
        Instant from = since == null ? Instant.EPOCH : OffsetDateTime.parse(since).toInstant().truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> out = comments.stream()
                .filter(c -> c.repo().equals(repo) && c.issue() == issue && !c.updated().isBefore(from))
                .map(GiteaDouble::json).toList();
        return Reply.json(200, out);
    }

    private synchronized Reply createComment(String repo, long issue, String body) throws Exception {
        if (!pulls.getOrDefault(repo, Map.of()).containsKey(issue)) {
            return Reply.json(404, Map.of("message", "issue does not exist"));
        }
        String text = Json.string(Json.object(body, "create comment"), "body", "create comment");
        return Reply.json(201, json(comment(repo, issue, BOT, text)));
    }

    private synchronized Reply editComment(String repo, long id, String body) throws Exception {
        for (int i = 0; i < comments.size(); i++) {
            StoredComment c = comments.get(i);
            if (c.id() == id && c.repo().equals(repo)) {
                if (!c.login().equals(BOT)) {
                    return Reply.json(403, Map.of("message", "user is not the poster"));
                }
                String text = Json.string(Json.object(body, "edit comment"), "body", "edit comment");
                StoredComment edited = new StoredComment(id, repo, c.issue(), c.login(), text, c.created(),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS));
                comments.set(i, edited);
                return Reply.json(200, json(edited));
            }
        }
        return Reply.json(404, Map.of("message", "comment does not exist"));
    }

    private synchronized Reply membership(String org, String login, boolean membersEndpoint) {
        if (membersEndpoint && !botIsOrgMember) {
            return new Reply(303, Map.of("Location", "/api/v1/orgs/" + org + "/public_members/" + login), null);
        }
        return Reply.empty(members.contains(login.toLowerCase()) ? 204 : 404);
    }

    private synchronized Reply createStatus(String repo, String sha, String body) throws Exception {
        Map<String, Object> b = Json.object(body, "create status");
        String state = Json.string(b, "state", "create status");
        if (!Set.of("pending", "success", "error", "failure", "warning").contains(state)) {
            return Reply.json(400, Map.of("message", "invalid state"));
        }
        Status s = new Status(repo, sha, state, Json.optionalString(b, "target_url"), Json.optionalString(b, "description"),
                Json.optionalString(b, "context"));
        statuses.add(s);
        return Reply.json(201, Map.of("id", statuses.size(), "status", state, "context", String.valueOf(s.context())));
    }

    static Map<String, Object> json(StoredComment c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("body", c.body());
        m.put("user", Map.of("login", c.login(), "id", Math.abs(c.login().hashCode())));
        m.put("created_at", c.created().toString());
        m.put("updated_at", c.updated().toString());
        m.put("issue_url", "/" + c.repo() + "/issues/" + c.issue());
        m.put("pull_request_url", "/" + c.repo() + "/pulls/" + c.issue());
        return m;
    }

    /** Gitea's issue_comment webhook payload for a comment on a PR. */
    public synchronized String webhookPayload(StoredComment c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("action", "created");
        root.put("issue", Map.of("number", c.issue(), "pull_request", Map.of("merged", false)));
        root.put("comment", json(c));
        root.put("repository", Map.of("full_name", c.repo()));
        root.put("sender", Map.of("login", c.login()));
        root.put("is_pull", true);
        return Reply.json(200, root).body();
    }
}
