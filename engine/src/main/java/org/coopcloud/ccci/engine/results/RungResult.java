package org.coopcloud.ccci.engine.results;

import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * One rung as reported.
 *
 * @param reason      why it failed, was skipped or is unverified; empty on pass
 * @param failureKind who a failure counts against; empty unless status is FAIL
 * @param versions    the versions this rung exercised, by role ("under-test", "base", ...)
 */
public record RungResult(Stage stage, RungStatus status, Optional<String> reason, Optional<FailureKind> failureKind,
        Map<String, String> versions, long durationMillis) {

    public RungResult {
        versions = Map.copyOf(versions);
    }

    public static RungResult of(Stage stage, RungStatus status, String reason) {
        return new RungResult(stage, status, Optional.ofNullable(reason), Optional.empty(), Map.of(), 0);
    }

    public boolean passedOrDeclaredSkip() {
        return status == RungStatus.PASS || status == RungStatus.SKIP;
    }
}
