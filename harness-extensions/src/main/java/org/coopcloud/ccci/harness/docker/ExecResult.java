package org.coopcloud.ccci.harness.docker;

/** What a command run by exec in a container printed and how it exited. */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }
}
