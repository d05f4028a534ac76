package org.coopcloud.ccci.harness.process;

/** A child process exited non-zero where success was required. The message is already redacted. */
public final class ProcessFailedException extends RuntimeException {
    private final int exitCode;

    ProcessFailedException(String redactedMessage, int exitCode) {
        super(redactedMessage);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
