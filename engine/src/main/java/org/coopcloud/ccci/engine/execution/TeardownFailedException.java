package org.coopcloud.ccci.engine.execution;

/** The run's teardown failed; the cause (and suppressed failures) say how. */
public final class TeardownFailedException extends Exception {
    TeardownFailedException(Throwable cause) {
        super("teardown failed: " + RungRecord.describe(cause), cause);
    }
}
