package org.coopcloud.ccci.engine.api;

import java.util.Optional;

/**
 * A failure of the app under test found during the run's setup (it did not converge, it crashed,
 * it does not serve). In setup, everything else counts as a failure of the harness or the
 * platform, so the deploy path throws this to make the install rung fail against the PR rather
 * than report an infrastructure error. In checks, any failure other than an
 * {@link InfrastructureException} counts against the app already.
 *
 * <p>It may carry its short {@link FailureCause} (the crashing service and its log's last error),
 * which heads every report; without one, the reports read a cause from the message.
 */
public class AppFailureException extends RuntimeException implements FailureCause.CarriesCause {
    private final transient FailureCause cause;

    public AppFailureException(String message) {
        this(message, (FailureCause) null);
    }

    public AppFailureException(String message, Throwable cause) {
        super(message, cause);
        this.cause = null;
    }

    public AppFailureException(String message, FailureCause cause) {
        super(message);
        this.cause = cause;
    }

    @Override
    public Optional<FailureCause> failureCause() {
        return Optional.ofNullable(cause);
    }
}
