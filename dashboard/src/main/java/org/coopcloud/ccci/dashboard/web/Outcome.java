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
        // The cause first: results.json's one-line cause when the harness wrote one, else the verdict line.
        String verdictLine = RunReport.verdictLine(recorded.results());
        java.util.Optional<String> cause = recorded.cause().map(c -> c.summary());
        String headline = cause.map(c -> switch (recorded.verdict()) {
            case "infrastructure-error" -> "No level: infrastructure error: " + c;
            case "aborted" -> "Aborted, no level: " + c;
            default -> capitalised(RunReport.levelText(recorded.results())) + ": " + c;
        }).orElse(verdictLine);
        return switch (recorded.verdict()) {
            case "infrastructure-error" -> new Outcome("infra error", "infra", headline);
            case "aborted" -> new Outcome("aborted", "aborted", cause.isPresent() ? headline
                    : "Aborted, no level: " + recorded.results().abortCause().orElse("unknown cause") + ".");
            default -> recorded.level()
                    .map(level -> new Outcome("level " + level, "l" + Math.max(0, Math.min(level, Ladder.TOP)), headline))
                    .orElseGet(() -> new Outcome("no level", "unknown", headline));
        };
    }

    /** Every tone a run can have. */
    public static final java.util.List<String> TONES = java.util.List.of("l0", "l1", "l2", "l3", "l4", "infra", "running",
            "aborted", "unknown");

    /**
     * The badge colour of a tone: red at level 0 up to green at the top, apart colours for the rest.
     * Each is dark enough for white text at WCAG AA (contrast at least 4.5; style.css uses the same
     * colours, and a test computes both).
     */
    public String colour() {
        return colour(tone);
    }

    public static String colour(String tone) {
        return switch (tone) {
            case "l0" -> "#b3261e";
            case "l1" -> "#a84800";
            case "l2" -> "#8a5f00";
            case "l3" -> "#5a7010";
            case "l4" -> "#1e7a34";
            case "infra" -> "#6a3fb5";
            case "running" -> "#1a64a8";
            default -> "#626262";
        };
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
