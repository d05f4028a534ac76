package org.coopcloud.ccci.dashboard.runs;

import java.util.List;
import java.util.Optional;

/**
 * What a recipe's headline stands on: its default branch's latest finished run, else (no main run
 * yet) its newest release's. A PR's run never becomes the headline, however recent: a failing PR
 * says nothing about the recipe as published.
 */
public final class Baseline {
    private Baseline() {
    }

    /** @param runsNewestFirst one recipe's runs, newest first */
    public static Optional<RunView> of(List<RunView> runsNewestFirst) {
        Optional<RunView> main = newest(runsNewestFirst, RunKind.MAIN);
        return main.isPresent() ? main : newest(runsNewestFirst, RunKind.RELEASE);
    }

    private static Optional<RunView> newest(List<RunView> runs, RunKind kind) {
        return runs.stream().filter(run -> run.state() == RunState.COMPLETE && run.kind().filter(kind::equals).isPresent())
                .findFirst();
    }
}
