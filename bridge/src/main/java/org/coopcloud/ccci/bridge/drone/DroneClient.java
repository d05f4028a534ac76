package org.coopcloud.ccci.bridge.drone;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * The Drone API calls the bridge makes (docs.drone.io/api/builds; handler/api/repos/builds of
 * harness/drone v2): create a custom build with parameters, read one build, list recent builds
 * (newest first, {@code per_page} up to 100, each with its {@code params}).
 * Authorization: {@code Authorization: Bearer <token>}.
 */
public final class DroneClient {
    private static final Logger LOG = Logger.getLogger(DroneClient.class.getName());
    static final int PAGE_SIZE = 50;

    private final URI server;
    private final String repo;
    private final String branch;
    private final ApiClient client;

    public DroneClient(URI server, String repo, String branch, ApiClient client) {
        this.server = server;
        this.repo = repo;
        this.branch = branch;
        this.client = client;
    }

    /**
     * Starts a custom build of the cc-ci repo's branch; every parameter reaches the pipeline's steps
     * as an env var. Sent once: a timeout may hide a build that was created, so the caller looks for
     * it ({@link #findByParam}) before it triggers again.
     */
    public DroneBuild trigger(Map<String, String> params) throws ApiException {
        StringBuilder query = new StringBuilder("?branch=").append(enc(branch));
        params.forEach((k, v) -> query.append('&').append(enc(k)).append('=').append(enc(v)));
        String what = "drone trigger on " + repo;
        ApiResponse response = client.send("POST", URI.create(server + "/api/repos/" + repo + "/builds" + query), null,
                ApiClient.Retry.ONLY_IF_REFUSED);
        return build(Json.object(ok(response, what), what), what);
    }

    public DroneBuild build(long number) throws ApiException {
        String what = "drone build " + number;
        return build(Json.object(ok(client.get(URI.create(server + "/api/repos/" + repo + "/builds/" + number)), what), what), what);
    }

    /**
     * The newest build whose parameter {@code key} is {@code value}, among the builds created at or
     * after {@code notBefore} (Unix seconds); the list is newest first, so the search stops at the
     * first older build.
     */
    public Optional<DroneBuild> findByParam(String key, String value, long notBefore) throws ApiException {
        for (int page = 1; page <= 40; page++) {
            String what = "drone list builds of " + repo;
            List<Object> items = Json.array(ok(client.get(URI.create(server + "/api/repos/" + repo + "/builds?page=" + page
                    + "&per_page=" + PAGE_SIZE)), what), what);
            boolean older = false;
            for (Object item : items) {
                DroneBuild build;
                try {
                    build = build(Json.object(item, what), what);
                } catch (ApiException e) {
                    LOG.warning(e.getMessage() + "; skipping that build");
                    continue;
                }
                if (value.equals(build.params().get(key))) {
                    return Optional.of(build);
                }
                if (build.created() != 0 && build.created() < notBefore) {
                    older = true;
                }
            }
            if (older || items.size() < PAGE_SIZE) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Every build created at or after {@code notBefore} (Unix seconds), newest first: the list is
     * newest first, so paging stops at the first older build.
     */
    public List<DroneBuild> buildsSince(long notBefore) throws ApiException {
        List<DroneBuild> found = new java.util.ArrayList<>();
        for (int page = 1; page <= 40; page++) {
            String what = "drone list builds of " + repo;
            List<Object> items = Json.array(ok(client.get(URI.create(server + "/api/repos/" + repo + "/builds?page=" + page
                    + "&per_page=" + PAGE_SIZE)), what), what);
            for (Object item : items) {
                DroneBuild build = build(Json.object(item, what), what);
                if (build.created() != 0 && build.created() < notBefore) {
                    return found;
                }
                found.add(build);
            }
            if (items.size() < PAGE_SIZE) {
                return found;
            }
        }
        return found;
    }

    /** The build's page in Drone's UI (the API's {@code link} is the commit's, not the build's). */
    public String buildLink(long number) {
        return server + "/" + repo + "/" + number;
    }

    private static DroneBuild build(Map<String, Object> map, String what) throws ApiException {
        long number = Json.number(map, "number", what);
        String status = Json.string(map, "status", what);
        long created = map.get("created") instanceof Number n ? n.longValue() : 0;
        Map<String, String> params = new LinkedHashMap<>();
        if (map.get("params") instanceof Map<?, ?> raw) {
            raw.forEach((k, v) -> {
                if (k instanceof String key && v instanceof String val) {
                    params.put(key, val);
                }
            });
        }
        return new DroneBuild(number, status, created, params);
    }

    private static String ok(ApiResponse response, String what) throws ApiException {
        if (response.status() / 100 != 2) {
            throw new ApiException(what + ": HTTP " + response.status(), response.status());
        }
        return response.body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
