package org.coopcloud.ccci.dashboard.runs;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.results.RunResults;

/**
 * Reads results.json (docs/architecture.md) through the engine's own reader
 * ({@link org.coopcloud.ccci.engine.results.ResultsJsonReader}, strict about every field it needs,
 * naming the field of a damaged file; schema 1 and 2), and keeps beside the results what the file
 * recorded: its level, its verdict and its screenshot.
 */
public final class ResultsJsonReader {
    private ResultsJsonReader() {
    }

    /** What results.json says: the results, plus what it recorded beside them. */
    public record Recorded(RunResults results, Optional<Integer> level, String verdict, Optional<String> screenshot) {
    }

    public static Recorded read(String json) throws MalformedRunException {
        RunResults results;
        try {
            results = org.coopcloud.ccci.engine.results.ResultsJsonReader.read(json);
        } catch (org.coopcloud.ccci.engine.results.ResultsJsonReader.MalformedResultsException e) {
            throw new MalformedRunException(e.getMessage().contains("'schema'") ? e.getMessage() + " (upgrade the dashboard)"
                    : e.getMessage());
        }
        Map<String, Object> root;
        try {
            root = JSON.std.mapFrom(json);
        } catch (IOException e) {
            throw new MalformedRunException("results.json is not valid JSON");
        }
        if (!(root.get("verdict") instanceof String verdict)) {
            throw new MalformedRunException("results.json: field 'verdict' is " + (root.get("verdict") == null ? "missing" : "not a string"));
        }
        Object level = root.get("level");
        if (level != null && !(level instanceof Integer || level instanceof Long)) {
            throw new MalformedRunException("results.json: field 'level' is not a whole number");
        }
        Object screenshot = root.get("screenshot");
        return new Recorded(results, Optional.ofNullable(level).map(l -> ((Number) l).intValue()), verdict,
                screenshot instanceof String s ? Optional.of(s) : Optional.empty());
    }
}
