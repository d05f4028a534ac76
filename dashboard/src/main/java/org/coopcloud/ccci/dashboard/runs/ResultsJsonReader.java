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

    /**
     * What results.json says: the results, plus what it recorded beside them.
     *
     * @param kind   what the run tested (results.json's {@code kind}, else {@link RunKind#implied})
     * @param commit the full sha the run deployed, when recorded
     * @param links  the PR's, the commit's and the build's web page ({@code pr}, {@code commit}, {@code build}), only
     *               those recorded as http(s) URLs
     * @param cause  why the run did not pass, when recorded
     */
    public record Recorded(RunResults results, Optional<Integer> level, String verdict, Optional<String> screenshot,
            RunKind kind, Optional<String> commit, Map<String, String> links, Optional<RunCause> cause) {
        public Recorded {
            links = Map.copyOf(links);
        }
    }

    /** The oldest schema this dashboard still reads; every later one only added fields up to {@link ResultsJson#SCHEMA_VERSION}. */
    static final int OLDEST_SCHEMA = 1;

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
        if (schema < OLDEST_SCHEMA || schema > ResultsJson.SCHEMA_VERSION) {
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
        Optional<String> kindId = f.optionalString("kind");
        RunKind kind = kindId.isEmpty() ? RunKind.implied(spec) : RunKind.fromId(kindId.get()).orElseThrow(() ->
                new MalformedRunException("results.json: field 'kind' has unknown value '" + kindId.get() + "'"));
        Map<String, String> links = new LinkedHashMap<>();
        if (root.get("links") != null) {
            Fields l = new Fields(f.object(root.get("links"), "links"), "links.");
            for (String name : List.of("pr", "commit", "build")) {
                l.optionalString(name).filter(ResultsJsonReader::isWebUrl).ifPresent(url -> links.put(name, url));
            }
        }
        Optional<RunCause> cause = Optional.empty();
        if (root.get("cause") != null) {
            Fields c = new Fields(f.object(root.get("cause"), "cause"), "cause.");
            List<String> lines = new ArrayList<>();
            List<Object> raw = root.get("cause") instanceof Map<?, ?> m && m.get("lines") != null ? c.list("lines") : List.of();
            for (int i = 0; i < raw.size(); i++) {
                if (!(raw.get(i) instanceof String line)) {
                    throw new MalformedRunException("results.json: field 'cause.lines[" + i + "]' is not a string");
                }
                lines.add(line);
            }
            cause = Optional.of(new RunCause(c.string("summary"), c.optionalString("where"), lines));
        }
        return new Recorded(results, f.optionalInteger("level"), f.string("verdict"), f.optionalString("screenshot"),
                kind, f.optionalString("commit"), links, cause);
    }

    /** Only a web page is linked: a {@code javascript:} or {@code data:} URL from a run's files never becomes a link. */
    private static boolean isWebUrl(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
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
