package org.coopcloud.ccci.engine.results;

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
import org.coopcloud.ccci.engine.api.FailureCause;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * Reads results.json (schema {@value ResultsJson#OLDEST_READABLE_SCHEMA} to
 * {@value ResultsJson#SCHEMA_VERSION}) back into the results model, so a run can be rendered again
 * by the engine's own {@link RunReport} (the bridge does, with main's level). Strict about the
 * fields every version has, naming the field of a damaged file; version 1's missing {@code kind},
 * {@code trigger}, {@code commit}, {@code links} and {@code cause} default as the contract says.
 */
public final class ResultsJsonReader {
    private ResultsJsonReader() {
    }

    /** A results.json that cannot be read, naming the field. */
    public static final class MalformedResultsException extends Exception {
        public MalformedResultsException(String message) {
            super(message);
        }
    }

    public static RunResults read(String json) throws MalformedResultsException {
        Map<String, Object> root;
        try {
            root = JSON.std.mapFrom(json);
        } catch (IOException | RuntimeException e) {
            throw new MalformedResultsException("results.json is not valid JSON");
        }
        if (root == null) {
            throw new MalformedResultsException("results.json is empty");
        }
        Fields f = new Fields(root, "");
        int schema = f.integer("schema");
        if (schema < ResultsJson.OLDEST_READABLE_SCHEMA || schema > ResultsJson.SCHEMA_VERSION) {
            throw new MalformedResultsException("results.json: field 'schema' is " + schema + "; this reader reads "
                    + ResultsJson.OLDEST_READABLE_SCHEMA + " to " + ResultsJson.SCHEMA_VERSION);
        }
        Set<Stage> stages = EnumSet.noneOf(Stage.class);
        for (Object id : f.list("stages")) {
            stages.add(stage(id, "stages"));
        }
        RunSpec spec = new RunSpec(f.string("recipe"), f.optionalString("ref"), f.optionalInteger("pr"),
                f.optionalString("src"), stages, Boolean.TRUE.equals(root.get("quick")));
        List<RungResult> rungs = new ArrayList<>();
        List<Object> rungList = f.list("rungs");
        for (int i = 0; i < rungList.size(); i++) {
            rungs.add(rung(f.object(rungList.get(i), "rungs[" + i + "]"), "rungs[" + i + "]."));
        }
        Instant startedAt;
        try {
            startedAt = Instant.parse(f.string("started_at"));
        } catch (DateTimeParseException e) {
            throw new MalformedResultsException("results.json: field 'started_at' is not an ISO-8601 instant");
        }
        RunOrigin fromSpec = RunOrigin.of(spec);
        RunKind kind = f.optionalString("kind").flatMap(RunKind::fromId).orElse(fromSpec.kind());
        RunTrigger trigger = f.optionalString("trigger").flatMap(RunTrigger::fromId).orElse(RunTrigger.MANUAL);
        RunOrigin.Links links = RunOrigin.Links.NONE;
        if (root.get("links") != null) {
            Fields l = new Fields(f.object(root.get("links"), "links"), "links.");
            links = new RunOrigin.Links(l.optionalString("pr"), l.optionalString("commit"), l.optionalString("build"));
        }
        Optional<FailureCause> cause = Optional.empty();
        if (root.get("cause") != null) {
            Fields c = new Fields(f.object(root.get("cause"), "cause"), "cause.");
            List<String> lines = new ArrayList<>();
            for (Object line : c.map.get("lines") == null ? List.of() : c.list("lines")) {
                lines.add(String.valueOf(line));
            }
            cause = Optional.of(new FailureCause(c.string("summary"), c.optionalString("where"), lines));
        }
        Map<String, String> artifacts = new LinkedHashMap<>();
        f.optionalString("screenshot").ifPresent(file -> artifacts.put("screenshot", file));
        List<String> notChecked = new ArrayList<>();
        for (Object item : root.get("not_checked") == null ? List.of() : f.list("not_checked")) {
            notChecked.add(String.valueOf(item));
        }
        Optional<Long> peak = f.optionalLong("peak_memory_bytes");
        return new RunResults(spec, f.string("run_id"), f.optionalString("domain").orElse(""),
                f.optionalString("stack").orElse(""), startedAt, f.integer("duration_ms"),
                step(f.object(root.get("setup"), "setup"), "setup."), rungs,
                step(f.object(root.get("teardown"), "teardown"), "teardown."), f.optionalString("abort_cause"),
                artifacts, new RunOrigin(kind, trigger, f.optionalString("commit"), links), cause, new RunNotes(notChecked, peak));
    }

    private static RungResult rung(Map<String, Object> map, String path) throws MalformedResultsException {
        Fields f = new Fields(map, path);
        Map<String, String> versions = new LinkedHashMap<>();
        if (map.get("versions") != null) {
            for (Map.Entry<String, Object> e : f.object(map.get("versions"), path + "versions").entrySet()) {
                versions.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        String status = f.string("status");
        RungStatus rungStatus = null;
        for (RungStatus s : RungStatus.values()) {
            if (s.id().equals(status)) {
                rungStatus = s;
            }
        }
        if (rungStatus == null) {
            throw new MalformedResultsException("results.json: field '" + path + "status' has unknown value '" + status + "'");
        }
        return new RungResult(stage(map.get("stage"), path + "stage"), rungStatus, f.optionalString("reason"),
                failureKind(f.optionalString("failure_kind"), path + "failure_kind"), versions,
                f.optionalInteger("duration_ms").orElse(0), f.optionalString("data_check"));
    }

    private static StepResult step(Map<String, Object> map, String path) throws MalformedResultsException {
        Fields f = new Fields(map, path);
        String status = f.string("status");
        if (!status.equals("pass") && !status.equals("fail")) {
            throw new MalformedResultsException("results.json: field '" + path + "status' has unknown value '" + status + "'");
        }
        return new StepResult(status.equals("pass"), f.optionalString("reason"),
                failureKind(f.optionalString("failure_kind"), path + "failure_kind"));
    }

    private static Optional<FailureKind> failureKind(Optional<String> id, String path) throws MalformedResultsException {
        if (id.isEmpty()) {
            return Optional.empty();
        }
        for (FailureKind kind : FailureKind.values()) {
            if (kind.id().equals(id.get())) {
                return Optional.of(kind);
            }
        }
        throw new MalformedResultsException("results.json: field '" + path + "' has unknown value '" + id.get() + "'");
    }

    private static Stage stage(Object id, String path) throws MalformedResultsException {
        if (id instanceof String s && Stage.fromId(s).isPresent()) {
            return Stage.fromId(s).get();
        }
        throw new MalformedResultsException("results.json: field '" + path + "' is not a stage: '" + id + "'");
    }

    /** Typed access to one JSON object's fields, naming the field's path in every complaint. */
    private record Fields(Map<String, Object> map, String path) {
        String string(String name) throws MalformedResultsException {
            if (map.get(name) instanceof String s) {
                return s;
            }
            throw bad(name, map.get(name) == null ? "is missing" : "is not a string");
        }

        Optional<String> optionalString(String name) throws MalformedResultsException {
            Object value = map.get(name);
            if (value == null || value instanceof String) {
                return Optional.ofNullable((String) value);
            }
            throw bad(name, "is not a string");
        }

        int integer(String name) throws MalformedResultsException {
            if (map.get(name) instanceof Number n) {
                return n.intValue();
            }
            throw bad(name, map.get(name) == null ? "is missing" : "is not a number");
        }

        Optional<Long> optionalLong(String name) throws MalformedResultsException {
            Object value = map.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Number n) {
                return Optional.of(n.longValue());
            }
            throw bad(name, "is not a number");
        }

        Optional<Integer> optionalInteger(String name) throws MalformedResultsException {
            return optionalLong(name).map(Long::intValue);
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String name) throws MalformedResultsException {
            if (map.get(name) instanceof List<?> l) {
                return (List<Object>) l;
            }
            throw bad(name, map.get(name) == null ? "is missing" : "is not a list");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(Object value, String fullPath) throws MalformedResultsException {
            if (value instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw new MalformedResultsException("results.json: field '" + fullPath + "' "
                    + (value == null ? "is missing" : "is not an object"));
        }

        private MalformedResultsException bad(String name, String what) {
            return new MalformedResultsException("results.json: field '" + path + name + "' " + what);
        }
    }
}
