package org.coopcloud.ccci.engine.results;

import java.util.Locale;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.VersionOrder;

/**
 * What a run tested: a PR's head, the recipe's default branch, a release, or the quick lane. A
 * recipe's headline is its default branch's latest run (else its newest release's); PR runs are
 * compared against it.
 */
public enum RunKind {
    PR, MAIN, RELEASE, QUICK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code --quick}: quick; a PR number: pr; a version tag ({@link VersionOrder}) as the ref: release; else main. */
    public static RunKind of(RunSpec spec) {
        if (spec.quick()) {
            return QUICK;
        }
        if (spec.pr().isPresent()) {
            return PR;
        }
        if (spec.ref().filter(VersionOrder::isVersionTag).isPresent()) {
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
