package org.coopcloud.ccci.bridge;

import java.util.Optional;

/**
 * Decides whether a comment asks for a run. Only a whole body of exactly {@code !testme} (a full,
 * cold run) or {@code !testme --quick} (the quick lane) does, after trimming the whitespace around
 * it: {@code !testmexyz}, {@code !testme foo}, a quote ({@code > !testme}) or a sentence that
 * mentions it do not, so discussing the command never starts a build.
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
        String text = body.strip();
        if (text.equals("!testme")) {
            return Optional.of(Lane.FULL);
        }
        if (text.equals("!testme --quick")) {
            return Optional.of(Lane.QUICK);
        }
        return Optional.empty();
    }
}
