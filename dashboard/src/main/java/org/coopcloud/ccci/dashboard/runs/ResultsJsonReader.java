package org.coopcloud.ccci.dashboard.runs;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.coopcloud.ccci.engine.results.ResultsJson;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;
import org.coopcloud.ccci.engine.results.StepResult;

/**
 * Reads results.json (schema 1, docs/architecture.md) back into the engine's results model. Strict
 * about every field it needs, so a damaged file is reported naming the field rather than shown
 * half-right; fields it does not know are ignored (the schema only ever adds fields).
 */
public final class ResultsJsonReader {
    /** The span of start times a run can have had; outside it the file is damaged, not the calendar. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private ResultsJsonReader() {
    }

    /** What results.json says: the results, plus what it recorded beside them. */
    public record Recorded(RunResults results, Optional<Integer> level, String verdict, Optional<String> screenshot) {
    }

    public static Recorded read(String json) throws MalformedRunException {
        Map<String, Object> root;
        try {
            root = JSON.std.mapFrom(json);
        } catch (IOException | RuntimeException e) {
            throw new MalformedRunException("results.json is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null) {
            throw new MalformedRunException("results.json is empty");
        }
        Fields f = new Fields(root, "");
        int schema = f.integer("schema");
        if (schema != ResultsJson.SCHEMA_VERSION) {
            throw new MalformedRunException("results.json: field 'schema' is " + schema
                    + "; this dashboard reads schema " + ResultsJson.SCHEMA_VERSION + " (upgrade the dashboard)");
        }
        Set<Stage> stages = EnumSet.noneOf(Stage.class);
        List<Object> stageIds = f.list("stages");
        for (int i = 0; i < stageIds.size(); i++) {
            stages.add(stage(stageIds.get(i), "stages[" + i + "]"));
        }
        RunSpec spec = new RunSpec(f.string("recipe"), f.optionalString("ref"), f.optionalInteger("pr"),
                f.optionalString("src"), stages, f.bool("quick"));
        List<RungResult> rungs = new ArrayList<>();
        List<Object> rungList = f.list("rungs");
        for (int i = 0; i < rungList.size(); i++) {
            rungs.add(rung(f.object(rungList.get(i), "rungs[" + i + "]"), "rungs[" + i + "]."));
        }
        Instant startedAt;
        try {
            startedAt = Instant.parse(f.string("started_at"));
        } catch (DateTimeParseException e) {
            throw new MalformedRunException("results.json: field 'started_at' is not an ISO-8601 instant");
        }
        if (startedAt.isBefore(EARLIEST) || startedAt.isAfter(LATEST)) {
            // Instant.parse takes years up to a billion; pages, sorting and ages cannot (issue 18 item 8).
            throw new MalformedRunException("results.json: field 'started_at' is out of range (years 1970 to 9999): "
                    + startedAt);
        }
        RunResults results = new RunResults(spec, f.string("run_id"), f.optionalString("domain").orElse(""),
                f.optionalString("stack").orElse(""), startedAt, f.integer("duration_ms"),
                step(f.object(root.get("setup"), "setup"), "setup."), rungs,
                step(f.object(root.get("teardown"), "teardown"), "teardown."), f.optionalString("abort_cause"));
        return new Recorded(results, f.optionalInteger("level"), f.string("verdict"), f.optionalString("screenshot"));
    }

    private static RungResult rung(Map<String, Object> map, String path) throws MalformedRunException {
        Fields f = new Fields(map, path);
        Map<String, String> versions = new LinkedHashMap<>();
        Object v = map.get("versions");
        if (v != null) {
            for (Map.Entry<String, Object> e : f.object(v, path + "versions").entrySet()) {
                versions.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        String status = f.string("status");
        RungStatus rungStatus;
        try {
            rungStatus = RungStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedRunException("results.json: field '" + path + "status' has unknown value '" + status + "'");
        }
        return new RungResult(stage(map.get("stage"), path + "stage"), rungStatus, f.optionalString("reason"),
                failureKind(f.optionalString("failure_kind"), path + "failure_kind"), versions,
                f.optionalInteger("duration_ms").orElse(0));
    }

    private static StepResult step(Map<String, Object> map, String path) throws MalformedRunException {
        Fields f = new Fields(map, path);
        String status = f.string("status");
        if (!status.equals("pass") && !status.equals("fail")) {
            throw new MalformedRunException("results.json: field '" + path + "status' has unknown value '" + status + "'");
        }
        return new StepResult(status.equals("pass"), f.optionalString("reason"),
                failureKind(f.optionalString("failure_kind"), path + "failure_kind"));
    }

    private static Optional<FailureKind> failureKind(Optional<String> id, String path) throws MalformedRunException {
        if (id.isEmpty()) {
            return Optional.empty();
        }
        for (FailureKind kind : FailureKind.values()) {
            if (kind.id().equals(id.get())) {
                return Optional.of(kind);
            }
        }
        throw new MalformedRunException("results.json: field '" + path + "' has unknown value '" + id.get() + "'");
    }

    private static Stage stage(Object id, String path) throws MalformedRunException {
        if (id instanceof String s) {
            Optional<Stage> stage = Stage.fromId(s);
            if (stage.isPresent()) {
                return stage.get();
            }
        }
        throw new MalformedRunException("results.json: field '" + path + "' is not a stage: '" + id + "'");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Typed access to one JSON object's fields, naming the field's path in every complaint. */
    private record Fields(Map<String, Object> map, String path) {
        String string(String name) throws MalformedRunException {
            Object value = map.get(name);
            if (value instanceof String s) {
                return s;
            }
            throw bad(name, value == null ? "is missing" : "is not a string");
        }

        Optional<String> optionalString(String name) throws MalformedRunException {
            Object value = map.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof String s) {
                return Optional.of(s);
            }
            throw bad(name, "is not a string");
        }

        int integer(String name) throws MalformedRunException {
            return optionalInteger(name).orElseThrow(() -> bad(name, "is missing"));
        }

        Optional<Integer> optionalInteger(String name) throws MalformedRunException {
            Object value = map.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Integer || value instanceof Long) {
                long l = ((Number) value).longValue();
                if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                    return Optional.of((int) l);
                }
            }
            throw bad(name, "is not a whole number");
        }

        boolean bool(String name) throws MalformedRunException {
            Object value = map.get(name);
            if (value instanceof Boolean b) {
                return b;
            }
            throw bad(name, value == null ? "is missing" : "is not true or false");
        }

        List<Object> list(String name) throws MalformedRunException {
            Object value = map.get(name);
            if (value instanceof List<?> l) {
                return new ArrayList<>(l);
            }
            throw bad(name, value == null ? "is missing" : "is not a list");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(Object value, String fullPath) throws MalformedRunException {
            if (value instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw new MalformedRunException("results.json: field '" + fullPath + "' "
                    + (value == null ? "is missing" : "is not an object"));
        }

        MalformedRunException bad(String name, String what) {
            return new MalformedRunException("results.json: field '" + path + name + "' " + what);
        }
    }
}
