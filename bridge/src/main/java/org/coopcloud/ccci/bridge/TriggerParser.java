package org.coopcloud.ccci.bridge;

import java.util.Optional;

/**
 * Decides whether a comment asks for a run. Only a whole body of exactly {@code !testme} (a full,
 * cold run) or {@code !testme --quick} (the quick lane) does, as a paragraph of its own in Gitea's
 * CommonMark rendering: blank lines around it and trailing whitespace are ignored, but a line
 * indented by four columns or more (a tab counts to the next multiple of four) is an indented code
 * block, and a fence or a quote marker makes it code or a quote. {@code !testmexyz},
 * {@code !testme foo}, a quote ({@code > !testme}), code or a sentence that mentions it do not, so
 * discussing the command never starts a build.
 */
public final class TriggerParser {
    public enum Lane {
        FULL, QUICK
    }

    private TriggerParser() {
    }

    public static Optional<Lane> parse(String body) {
        if (body == null) {
            return Optional.empty();
        }
        String text = body.replace("\r\n", "\n").replaceAll("^(?:[ \t]*\n)+", "").stripTrailing();
        if (text.contains("\n") || indentColumns(text) >= 4) {
            return Optional.empty();
        }
        text = text.strip();
        if (text.equals("!testme")) {
            return Optional.of(Lane.FULL);
        }
        if (text.equals("!testme --quick")) {
            return Optional.of(Lane.QUICK);
        }
        return Optional.empty();
    }

    /** The columns of leading whitespace, as CommonMark counts them (a tab to the next multiple of 4). */
    private static int indentColumns(String line) {
        int columns = 0;
        for (char c : line.toCharArray()) {
            if (c == ' ') {
                columns++;
            } else if (c == '\t') {
                columns += 4 - columns % 4;
            } else {
                break;
            }
        }
        return columns;
    }
}
