package org.coopcloud.ccci.engine.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunSpec;

/** Everything results.json says about one run. */
public record RunResults(RunSpec spec, String runId, String domain, String stack, Instant startedAt,
        long durationMillis, StepResult setup, List<RungResult> rungs, StepResult teardown,
        Optional<String> abortCause, Map<String, String> artifacts) {

    public RunResults {
        rungs = List.copyOf(rungs);
        artifacts = Map.copyOf(artifacts);
    }

    /** A run that recorded no artifacts. */
    public RunResults(RunSpec spec, String runId, String domain, String stack, Instant startedAt, long durationMillis,
            StepResult setup, List<RungResult> rungs, StepResult teardown, Optional<String> abortCause) {
        this(spec, runId, domain, stack, startedAt, durationMillis, setup, rungs, teardown, abortCause, Map.of());
    }

    public int level() {
        return Ladder.level(rungs);
    }

    public Verdict verdict() {
        if (abortCause.isPresent()) {
            return Verdict.ABORTED;
        }
        boolean infrastructure = setup.failureKind().filter(k -> k == FailureKind.INFRASTRUCTURE).isPresent()
                || teardown.failureKind().filter(k -> k == FailureKind.INFRASTRUCTURE).isPresent()
                || rungs.stream().anyMatch(r -> r.failureKind().filter(k -> k == FailureKind.INFRASTRUCTURE).isPresent());
        if (infrastructure) {
            return Verdict.INFRASTRUCTURE_ERROR;
        }
        boolean failed = !setup.passed() || !teardown.passed()
                || rungs.stream().anyMatch(r -> r.status() == RungStatus.FAIL);
        return failed ? Verdict.APP_FAILED : Verdict.PASSED;
    }

    /** The level to report: none when the harness, not the app, decided the outcome. */
    public Optional<Integer> reportedLevel() {
        return verdict() == Verdict.INFRASTRUCTURE_ERROR ? Optional.empty() : Optional.of(level());
    }
}
