package org.coopcloud.ccci.dashboard.runs;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.results.ResultsJson;
import org.coopcloud.ccci.engine.results.RunResults;

/**
 * Reads results.json (docs/architecture.md) through the engine's own reader, plus what the pages need. Strict
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
        // The results model through the engine's own reader: one reader of the schema (strict about
        // the fields every version has, naming the field of a damaged file).
        RunResults results;
        try {
            results = org.coopcloud.ccci.engine.results.ResultsJsonReader.read(json);
        } catch (org.coopcloud.ccci.engine.results.ResultsJsonReader.MalformedResultsException e) {
            throw new MalformedRunException(e.getMessage().contains("'schema'") ? e.getMessage() + " (upgrade the dashboard)"
                    : e.getMessage());
        }
        if (results.startedAt().isBefore(EARLIEST) || results.startedAt().isAfter(LATEST)) {
            // Instant.parse takes years up to a billion; pages, sorting and ages cannot (issue 18 item 8).
            throw new MalformedRunException("results.json: field 'started_at' is out of range (years 1970 to 9999): "
                    + results.startedAt());
        }
        Map<String, Object> root;
        try {
            root = JSON.std.mapFrom(json);
        } catch (IOException | RuntimeException e) {
            throw new MalformedRunException("results.json is not valid JSON: " + firstLine(e.getMessage()));
        }
        Fields f = new Fields(root, "");
        f.bool("quick");
        Optional<String> kindId = f.optionalString("kind");
        RunKind kind = kindId.isEmpty() ? RunKind.implied(results.spec()) : RunKind.fromId(kindId.get()).orElseThrow(() ->
                new MalformedRunException("results.json: field 'kind' has unknown value '" + kindId.get() + "'"));
        Map<String, String> links = new LinkedHashMap<>();
        results.origin().links().pr().filter(ResultsJsonReader::isWebUrl).ifPresent(url -> links.put("pr", url));
        results.origin().links().commit().filter(ResultsJsonReader::isWebUrl).ifPresent(url -> links.put("commit", url));
        results.origin().links().build().filter(ResultsJsonReader::isWebUrl).ifPresent(url -> links.put("build", url));
        if (root.get("cause") instanceof Map<?, ?> c && c.get("lines") instanceof List<?> lines) {
            for (int i = 0; i < lines.size(); i++) {
                if (!(lines.get(i) instanceof String)) {
                    throw new MalformedRunException("results.json: field 'cause.lines[" + i + "]' is not a string");
                }
            }
        }
        Optional<RunCause> cause = results.recordedCause()
                .map(c -> new RunCause(c.summary(), c.where(), c.lines()));
        return new Recorded(results, f.optionalInteger("level"), f.string("verdict"), f.optionalString("screenshot"),
                kind, f.optionalString("commit"), links, cause);
    }

    /** Only a web page is linked: a {@code javascript:} or {@code data:} URL from a run's files never becomes a link. */
    private static boolean isWebUrl(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
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

        MalformedRunException bad(String name, String what) {
            return new MalformedRunException("results.json: field '" + path + name + "' " + what);
        }
    }
}
