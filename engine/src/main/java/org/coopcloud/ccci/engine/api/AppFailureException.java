package org.coopcloud.ccci.engine.api;

/**
 * A failure of the app under test found during the run's setup (it did not converge, it crashed,
 * it does not serve). In setup, everything else counts as a failure of the harness or the
 * platform, so the deploy path throws this to make the install rung fail against the PR rather
 * than report an infrastructure error. In checks, any failure other than an
 * {@link InfrastructureException} counts against the app already.
 */
public class AppFailureException extends RuntimeException {
    public AppFailureException(String message) {
        super(message);
    }

    public AppFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
