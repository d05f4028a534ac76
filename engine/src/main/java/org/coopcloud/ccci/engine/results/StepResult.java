package org.coopcloud.ccci.engine.results;

import java.util.Optional;

/** The outcome of the run's setup or teardown, which are not rungs but can fail the run. */
public record StepResult(boolean passed, Optional<String> reason, Optional<FailureKind> failureKind) {
    public static final StepResult PASSED = new StepResult(true, Optional.empty(), Optional.empty());
    public static final StepResult NOT_RUN = new StepResult(false, Optional.of("did not run"), Optional.empty());

    public static StepResult failed(String reason, FailureKind kind) {
        return new StepResult(false, Optional.of(reason), Optional.of(kind));
    }
}
