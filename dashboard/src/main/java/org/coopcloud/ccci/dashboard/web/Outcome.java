package org.coopcloud.ccci.dashboard.web;

import org.coopcloud.ccci.dashboard.runs.ResultsJsonReader;
import org.coopcloud.ccci.dashboard.runs.RunView;
import org.coopcloud.ccci.engine.results.Ladder;
import org.coopcloud.ccci.engine.results.RunReport;

/**
 * How a run's outcome is shown everywhere (badges, history, headers): a short text, a tone that
 * picks its colour, and a one-line headline. The level comes from what results.json recorded; an
 * infrastructure error has no level and never looks like level 0.
 *
 * @param shortText the badge text: "level 3", "infra error", "running", "aborted", ...
 * @param tone      l0..l4, infra, running, aborted, unknown (a CSS class and a badge colour)
 * @param headline  one line saying what happened
 */
public record Outcome(String shortText, String tone, String headline) {

    public static Outcome of(RunView run) {
        return switch (run.state()) {
            case RUNNING -> new Outcome("running", "running", "Running now; the results come when it ends.");
            case INCOMPLETE -> new Outcome("incomplete", "unknown", "No results: " + run.problem().orElse("unknown"));
            case MALFORMED -> new Outcome("unreadable", "unknown", "Results unreadable: " + run.problem().orElse("unknown"));
            case COMPLETE -> complete(run.recorded().orElseThrow());
        };
    }

    private static Outcome complete(ResultsJsonReader.Recorded recorded) {
        String headline = RunReport.verdictLine(recorded.results());
        return switch (recorded.verdict()) {
            case "infrastructure-error" -> new Outcome("infra error", "infra", headline);
            case "aborted" -> new Outcome("aborted", "aborted", headline);
            default -> recorded.level()
                    .map(level -> new Outcome("level " + level, "l" + Math.max(0, Math.min(level, Ladder.TOP)), headline))
                    .orElseGet(() -> new Outcome("no level", "unknown", headline));
        };
    }

    /** The badge colour of a tone: red at level 0 up to green at the top, apart colours for the rest. */
    public String colour() {
        return switch (tone) {
            case "l0" -> "#d73a2f";
            case "l1" -> "#e8701a";
            case "l2" -> "#c99a06";
            case "l3" -> "#8aa61d";
            case "l4" -> "#2e9e44";
            case "infra" -> "#7e57c2";
            case "running" -> "#1f78c1";
            default -> "#7a7a7a";
        };
    }
}
