package org.coopcloud.ccci.engine.results;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.coopcloud.ccci.engine.api.RunSpec;

/**
 * What a run tested: a PR's head, the recipe's default branch, a release, or the quick lane. A
 * recipe's headline is its default branch's latest run (else its newest release's); PR runs are
 * compared against it.
 */
public enum RunKind {
    PR, MAIN, RELEASE, QUICK;

    /** A Co-op Cloud version tag, {@code 1.2.0+3.4.5} (the recipe's version, then the app's). */
    private static final Pattern VERSION_TAG = Pattern.compile("v?\\d+\\.\\d+\\.\\d+\\+\\S+");

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code --quick}: quick; a PR number: pr; a version tag as the ref: release; else main. */
    public static RunKind of(RunSpec spec) {
        if (spec.quick()) {
            return QUICK;
        }
        if (spec.pr().isPresent()) {
            return PR;
        }
        if (spec.ref().filter(ref -> VERSION_TAG.matcher(ref).matches()).isPresent()) {
            return RELEASE;
        }
        return MAIN;
    }

    public static Optional<RunKind> fromId(String id) {
        for (RunKind kind : values()) {
            if (kind.id().equals(id)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
