package org.coopcloud.ccci.dashboard.web;

/**
 * A flat two-part badge: a grey label and a coloured message. Widths are estimated from the text
 * (about 7 px a character at 11 px Verdana), enough for the short texts badges carry.
 */
public record Badge(String label, String message, String colour) {
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
        return new Badge(label, quick ? outcome.shortText() + ", quick" : outcome.shortText(), outcome.colour());
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
