package org.coopcloud.ccci.bridge.dashboard;

import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.http.Json;
import org.coopcloud.ccci.engine.results.ResultsJson;
import org.coopcloud.ccci.engine.results.Verdict;

/**
 * What a run's results.json (schema in docs/architecture.md, written by the engine's
 * {@link ResultsJson}) says about whom it belongs to and how it ended: enough to check it against
 * the request before anything of it is written to a PR.
 */
public record PublishedRun(String runId, String recipe, String ref, Long pr, String src, boolean quick,
        Verdict verdict, Optional<Integer> level, Optional<String> abortCause, Optional<String> cause) {

    /** A run published without a cause (schema 1). */
    public PublishedRun(String runId, String recipe, String ref, Long pr, String src, boolean quick, Verdict verdict,
            Optional<Integer> level, Optional<String> abortCause) {
        this(runId, recipe, ref, pr, src, quick, verdict, level, abortCause, Optional.empty());
    }

    public static PublishedRun parse(String body) throws ApiException {
        String what = "dashboard " + ResultsJson.FILE_NAME;
        Map<String, Object> map = Json.object(body, what);
        long schema = Json.number(map, "schema", what);
        if (schema < ResultsJson.OLDEST_READABLE_SCHEMA || schema > ResultsJson.SCHEMA_VERSION) {
            throw new ApiException(what + ": schema " + schema + " is not " + ResultsJson.OLDEST_READABLE_SCHEMA + " to "
                    + ResultsJson.SCHEMA_VERSION, 0);
        }
        String verdictId = Json.string(map, "verdict", what);
        Verdict verdict = null;
        for (Verdict v : Verdict.values()) {
            if (v.id().equals(verdictId)) {
                verdict = v;
            }
        }
        if (verdict == null) {
            throw new ApiException(what + ": unknown verdict '" + verdictId + "'", 0);
        }
        Object pr = map.get("pr");
        Long prNumber = pr instanceof Number n ? n.longValue() : pr instanceof String s && s.matches("\\d+") ? Long.valueOf(s) : null;
        Optional<Integer> level = map.get("level") instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
        return new PublishedRun(String.valueOf(map.get("run_id")), Json.string(map, "recipe", what),
                Json.optionalString(map, "ref"), prNumber, Json.optionalString(map, "src"),
                Boolean.TRUE.equals(map.get("quick")), verdict, level,
                Optional.ofNullable(Json.optionalString(map, "abort_cause")),
                map.get("cause") instanceof Map<?, ?> cause && cause.get("summary") instanceof String summary
                        ? Optional.of(summary) : Optional.empty());
    }
}
