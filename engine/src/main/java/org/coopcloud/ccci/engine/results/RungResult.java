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
 * @param dataCheck   which source checked the rung's data ({@code suite}: the recipe suite's data
 *                    seed, through the app; {@code volume-markers}: cc-ci's own marker files in the
 *                    stack's volumes); empty when no data check ran
 */
public record RungResult(Stage stage, RungStatus status, Optional<String> reason, Optional<FailureKind> failureKind,
        Map<String, String> versions, long durationMillis, Optional<String> dataCheck) {

    /** The data check sources, strongest first (a weaker one never replaces a stronger one). */
    public static final java.util.List<String> DATA_CHECKS = java.util.List.of("suite", "volume-markers");

    public RungResult {
        versions = Map.copyOf(versions);
    }

    /** A rung with no data check recorded. */
    public RungResult(Stage stage, RungStatus status, Optional<String> reason, Optional<FailureKind> failureKind,
            Map<String, String> versions, long durationMillis) {
        this(stage, status, reason, failureKind, versions, durationMillis, Optional.empty());
    }

    public static RungResult of(Stage stage, RungStatus status, String reason) {
        return new RungResult(stage, status, Optional.ofNullable(reason), Optional.empty(), Map.of(), 0);
    }

    public boolean passedOrDeclaredSkip() {
        return status == RungStatus.PASS || status == RungStatus.SKIP;
    }
}
