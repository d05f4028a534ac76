package org.coopcloud.ccci.engine.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.FailureCause;
import org.coopcloud.ccci.engine.api.RunSpec;

/**
 * Everything results.json says about one run.
 *
 * @param origin        its kind, trigger, commit and links
 * @param recordedCause the short cause the failing step carried (a crash loop's service and log
 *                      line); {@link #cause()} reads one from the reasons when none was recorded
 * @param notes         what the run did not check, and its containers' peak memory
 */
public record RunResults(RunSpec spec, String runId, String domain, String stack, Instant startedAt,
        long durationMillis, StepResult setup, List<RungResult> rungs, StepResult teardown,
        Optional<String> abortCause, Map<String, String> artifacts, RunOrigin origin,
        Optional<FailureCause> recordedCause, RunNotes notes) {

    public RunResults {
        rungs = List.copyOf(rungs);
        artifacts = Map.copyOf(artifacts);
    }

    /** A run with no notes. */
    public RunResults(RunSpec spec, String runId, String domain, String stack, Instant startedAt, long durationMillis,
            StepResult setup, List<RungResult> rungs, StepResult teardown, Optional<String> abortCause,
            Map<String, String> artifacts, RunOrigin origin, Optional<FailureCause> recordedCause) {
        this(spec, runId, domain, stack, startedAt, durationMillis, setup, rungs, teardown, abortCause, artifacts, origin,
                recordedCause, RunNotes.NONE);
    }

    /** A run with artifacts, its origin read from the spec alone, and no recorded cause. */
    public RunResults(RunSpec spec, String runId, String domain, String stack, Instant startedAt, long durationMillis,
            StepResult setup, List<RungResult> rungs, StepResult teardown, Optional<String> abortCause,
            Map<String, String> artifacts) {
        this(spec, runId, domain, stack, startedAt, durationMillis, setup, rungs, teardown, abortCause, artifacts,
                RunOrigin.of(spec), Optional.empty());
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
        if (anyFailure(FailureKind.INPUT)) {
            return Verdict.BAD_INPUT;
        }
        if (anyFailure(FailureKind.INFRASTRUCTURE)) {
            return Verdict.INFRASTRUCTURE_ERROR;
        }
        boolean failed = !setup.passed() || !teardown.passed()
                || rungs.stream().anyMatch(r -> r.status() == RungStatus.FAIL);
        return failed ? Verdict.APP_FAILED : Verdict.PASSED;
    }

    private boolean anyFailure(FailureKind kind) {
        return setup.failureKind().filter(k -> k == kind).isPresent()
                || teardown.failureKind().filter(k -> k == kind).isPresent()
                || rungs.stream().anyMatch(r -> r.failureKind().filter(k -> k == kind).isPresent());
    }

    /**
     * The level to report: none when the harness, not the app, decided the outcome, when the run
     * was cut short (an aborted run proved nothing to its end), or when the input was bad.
     */
    public Optional<Integer> reportedLevel() {
        return switch (verdict()) {
            case PASSED, APP_FAILED -> Optional.of(level());
            case INFRASTRUCTURE_ERROR, ABORTED, BAD_INPUT -> Optional.empty();
        };
    }

    /**
     * Why the run did not pass, once: the recorded cause, else one read from the first failure's
     * reason (setup, then the rungs in order, then teardown); empty for a run that passed.
     */
    public Optional<FailureCause> cause() {
        Verdict verdict = verdict();
        if (verdict == Verdict.PASSED) {
            return Optional.empty();
        }
        if (verdict == Verdict.ABORTED) {
            return Optional.of(FailureCause.of("run aborted: " + abortCause.orElse("unknown cause")
                    + "; teardown ran", null, List.of()));
        }
        if (recordedCause.isPresent()) {
            return recordedCause;
        }
        if (!setup.passed() && setup.failureKind().isPresent()) {
            return Optional.of(FailureCause.fromReason("setup", setup.reason().orElse("")));
        }
        for (RungResult rung : rungs) {
            if (rung.status() == RungStatus.FAIL) {
                return Optional.of(FailureCause.fromReason(rung.stage().id(), rung.reason().orElse("")));
            }
        }
        if (!teardown.passed()) {
            return Optional.of(FailureCause.fromReason("teardown", teardown.reason().orElse("")));
        }
        return Optional.of(FailureCause.fromReason("setup", setup.reason().orElse("")));
    }
}
