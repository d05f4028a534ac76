package org.coopcloud.ccci.dashboard.runs;

import java.util.Optional;

/**
 * One test of the run's JUnit XML report: a check ({@code <tier>/<TierClass>.<check>}) or the
 * setup step, with its failure message and detail when it did not pass.
 */
public record CheckOutcome(String name, String status, double seconds, Optional<String> message,
        Optional<String> detail) {
}
