package org.coopcloud.ccci.dashboard.web;

/**
 * A flat two-part badge: a grey label and a coloured message. Widths are estimated from the text
 * (about 7 px a character at 11 px Verdana), enough for the short texts badges carry.
 *
 * @param title what a screen reader and a hover say: the label and message, then the run's
 *              headline (for a failure, its cause)
 */
public record Badge(String label, String message, String colour, String title) {
    public Badge(String label, String message, String colour) {
        this(label, message, colour, label + ": " + message);
    }

    public int labelWidth() {
        return width(label);
    }

    public int messageWidth() {
        return width(message);
    }

    public int width() {
        return labelWidth() + messageWidth();
    }

    private static int width(String text) {
        return 12 + 7 * text.length();
    }

    /** A quick-lane run's badge says so: its level is a lower-confidence one. */
    public static Badge of(String label, Outcome outcome, boolean quick) {
        String message = quick ? outcome.shortText() + ", quick" : outcome.shortText();
        return new Badge(label, message, outcome.colour(), label + ": " + message + ". " + outcome.headline());
    }

    /** The label's colour; the text on both parts is white. */
    public static final String LABEL_COLOUR = "#555555";
    public static final String TEXT_COLOUR = "#ffffff";

    public static Badge noRuns(String label) {
        return new Badge(label, "no runs", Outcome.colour("unknown"));
    }

    /** A recipe with runs, none of them on its default branch or a release: no headline level to show. */
    public static Badge noMainRun(String label) {
        return new Badge(label, "no main run", Outcome.colour("unknown"));
    }
}
