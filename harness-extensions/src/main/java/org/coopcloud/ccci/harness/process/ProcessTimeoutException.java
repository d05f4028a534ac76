package org.coopcloud.ccci.harness.process;

/**
 * A child process outlived its command's timeout and was ended with its descendants. The message is
 * already redacted; the output captured until then is attached, raw, for callers that parse it.
 */
public final class ProcessTimeoutException extends RuntimeException {
    private final String partialStdout;
    private final String partialStderr;

    ProcessTimeoutException(String redactedMessage, String partialStdout, String partialStderr) {
        super(redactedMessage);
        this.partialStdout = partialStdout;
        this.partialStderr = partialStderr;
    }

    public String partialStdout() {
        return partialStdout;
    }

    public String partialStderr() {
        return partialStderr;
    }
}
