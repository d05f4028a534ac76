package org.coopcloud.ccci.dashboard.runs;

import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunSpec;

/**
 * What a run tested: a PR's head, the recipe's default branch, a release, or a quick-lane run.
 * results.json's {@code kind} says it; a file written before that field existed reads as the
 * contract says: {@code pr} when it names a PR, {@code quick} when quick, else {@code main}.
 */
public enum RunKind {
    PR("pr"), MAIN("main"), RELEASE("release"), QUICK("quick");

    private final String id;

    RunKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<RunKind> fromId(String id) {
        for (RunKind kind : values()) {
            if (kind.id.equals(id)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The default for a results.json without {@code kind}. */
    public static RunKind implied(RunSpec spec) {
        if (spec.pr().isPresent()) {
            return PR;
        }
        return spec.quick() ? QUICK : MAIN;
    }

    /** A run the recipe's headline may stand on: its default branch or a release. */
    public boolean isBaseline() {
        return this == MAIN || this == RELEASE;
    }
}
