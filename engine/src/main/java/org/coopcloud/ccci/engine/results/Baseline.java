package org.coopcloud.ccci.engine.results;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * Main's level, which a PR run's heading compares itself with: the recipe's default branch's
 * latest finished run, else its newest release's (the dashboard's {@code /api/recipes/<r>/baseline}).
 * The engine does not know it when it writes pr-comment.md ({@link #UNKNOWN}); the bridge fetches it
 * and renders the comment again from results.json.
 *
 * @param known whether anyone asked the dashboard; false renders "main: unknown"
 * @param run   whether main (or a release) has a finished run; false renders "main has no run yet"
 * @param kind  "main" or "release"
 * @param level main's level; empty when its latest run ended without one (an infrastructure error)
 * @param flaky the recipe's rungs known to be flaky (one commit got both verdicts in its recent runs),
 *              each with a few words of how often: a failure there says so, and stays a failure
 */
public record Baseline(boolean known, boolean run, String kind, Optional<Integer> level, Map<Stage, String> flaky) {
    public static final Baseline UNKNOWN = new Baseline(false, false, "main", Optional.empty(), Map.of());
    public static final Baseline NO_RUN = new Baseline(true, false, "main", Optional.empty(), Map.of());

    public Baseline {
        flaky = flaky.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(flaky));
    }

    public static Baseline of(String kind, Optional<Integer> level) {
        return new Baseline(true, true, "release".equals(kind) ? "release" : "main", level, Map.of());
    }

    /** The same baseline, with the recipe's flaky rungs. */
    public Baseline withFlaky(Map<Stage, String> rungs) {
        return new Baseline(known, run, kind, level, rungs);
    }
}
