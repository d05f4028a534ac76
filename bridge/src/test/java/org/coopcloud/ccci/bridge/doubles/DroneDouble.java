package org.coopcloud.ccci.bridge.doubles;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TEST DOUBLE of Drone's REST API (Drone cannot be installed here), after docs.drone.io/api/builds
 * and the handlers of harness/drone v2.25 (handler/api/repos/builds/create.go, list.go, find.go;
 * core/build.go for the JSON fields; store/build/build.go, whose list query includes the params):
 * <ul>
 * <li>Build Create {@code POST /api/repos/{namespace}/{name}/builds?branch=...}: a build with event
 * {@code custom} and status {@code pending}; every query parameter other than {@code branch},
 * {@code commit} and {@code access_token} becomes one of the build's {@code params} (and an env
 * var of its steps); the answer is 200 and the build;</li>
 * <li>Build Info {@code GET .../builds/{number}} (404 when there is none);</li>
 * <li>Build List {@code GET .../builds?page=N&per_page=M} (per_page 1..100, else 25), newest first.</li>
 * </ul>
 * A build has {@code number}, {@code status} (pending, running, then success, failure, killed or
 * error), {@code event}, {@code created}/{@code started}/{@code finished} (Unix seconds),
 * {@code params} and {@code link} (the commit's link, not the build's page). Every call needs
 * {@code Authorization: Bearer <token>} (401 otherwise).
 */
public final class DroneDouble extends DoubleServer {
    private static final Set<String> NOT_PARAMS = Set.of("branch", "commit", "access_token");

    private final String token;
    private final String repo;
    private final List<Map<String, Object>> builds = new ArrayList<>();

    private Reply auth(Seen request, Answer answer) throws Exception {
        return authorised(request, "Bearer " + token, answer);
    }

    public DroneDouble(String token, String repo) throws IOException {
        this.token = token;
        this.repo = repo;
        String base = "/api/repos/" + repo.replace(".", "\\.") + "/builds";
        route("POST", base, (m, r) -> auth(r, () -> create(r)));
        route("GET", base + "/(\\d+)", (m, r) -> auth(r, () -> find(Long.parseLong(m.group(1)))));
        route("GET", base, (m, r) -> auth(r, () -> list(r)));
    }

    public synchronized List<Map<String, Object>> builds() {
        return builds.stream().map(LinkedHashMap::new).map(m -> (Map<String, Object>) m).toList();
    }

    @SuppressWarnings("unchecked")
    public synchronized Map<String, String> params(long number) {
        return (Map<String, String>) builds.get((int) number - 1).get("params");
    }

    public synchronized void finish(long number, String status) {
        Map<String, Object> b = builds.get((int) number - 1);
        b.put("status", status);
        b.put("finished", Instant.now().getEpochSecond());
    }

    private synchronized Reply create(Seen r) {
        Map<String, String> params = new LinkedHashMap<>();
        r.query().forEach((k, v) -> {
            if (!NOT_PARAMS.contains(k) && !v.isEmpty()) {
                params.put(k, v);
            }
        });
        long now = Instant.now().getEpochSecond();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", 100000 + builds.size() + 1);
        b.put("number", builds.size() + 1);
        b.put("status", "pending");
        b.put("event", "custom");
        b.put("link", "https://git.example/" + repo + "/commit/0000000");
        b.put("ref", "refs/heads/" + r.query().getOrDefault("branch", "main"));
        b.put("params", params);
        b.put("created", now);
        b.put("started", 0);
        b.put("finished", 0);
        builds.add(b);
        return Reply.json(200, b);
    }

    private synchronized Reply find(long number) {
        if (number < 1 || number > builds.size()) {
            return Reply.json(404, Map.of("message", "sql: no rows in result set"));
        }
        return Reply.json(200, builds.get((int) number - 1));
    }

    private synchronized Reply list(Seen r) {
        int page = Integer.parseInt(r.query().getOrDefault("page", "1"));
        int perPage = Integer.parseInt(r.query().getOrDefault("per_page", "25"));
        if (perPage < 1 || perPage > 100) {
            perPage = 25;
        }
        List<Map<String, Object>> newestFirst = new ArrayList<>(builds);
        java.util.Collections.reverse(newestFirst);
        int from = Math.min(newestFirst.size(), (Math.max(page, 1) - 1) * perPage);
        return Reply.json(200, newestFirst.subList(from, Math.min(newestFirst.size(), from + perPage)));
    }
}
