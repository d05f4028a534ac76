package org.coopcloud.ccci.harness.process;

import java.time.Duration;

/**
 * How a child process ended. The captured output is raw (a caller may need to parse it); only
 * {@link #toString()} and the exceptions built from a result are redacted.
 */
public final class ProcessResult {
    private static final int TAIL_CHARS = 2_000;

    private final String commandLine;
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final Duration duration;
    private final Redactor redactor;

    ProcessResult(String commandLine, int exitCode, String stdout, String stderr, Duration duration,
            Redactor redactor) {
        this.commandLine = commandLine;
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.duration = duration;
        this.redactor = redactor;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }

    public Duration duration() {
        return duration;
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result when the exit code was 0, else a {@link ProcessFailedException} (redacted). */
    public ProcessResult requireSuccess() {
        if (exitCode != 0) {
            throw new ProcessFailedException(redactor.redact(commandLine) + " exited " + exitCode
                    + "; stderr tail: " + redactor.redact(tail(stderr)), exitCode);
        }
        return this;
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= TAIL_CHARS ? trimmed : "..." + trimmed.substring(trimmed.length() - TAIL_CHARS);
    }

    @Override
    public String toString() {
        return redactor.redact(commandLine) + " -> exit " + exitCode + " in " + duration.toMillis() + " ms";
    }
}
