package org.coopcloud.ccci.engine.launch;

import java.io.PrintWriter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * One line in the run's log for each check (and setup step) as it ends, by its display name: what
 * the console launcher's tree used to show, kept short, so a reader of the Drone log (and a test of
 * it) sees which checks ran and how they ended without opening the reports.
 */
final class CheckLines implements TestExecutionListener {
    private final PrintWriter out;

    CheckLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
            return;
        }
        String why = result.getThrowable().map(t -> String.valueOf(t.getMessage()).lines().findFirst().orElse("")).orElse("");
        String mark = switch (result.getStatus()) {
            case SUCCESSFUL -> "passed";
            case ABORTED -> "aborted";
            case FAILED -> "FAILED";
        };
        out.println(ConsoleVoice.prefix(java.time.Instant.now()) + "check " + mark.strip() + ": " + test.getDisplayName()
                + (why.isEmpty() ? "" : ": " + why));
        out.flush();
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            out.println(ConsoleVoice.prefix(java.time.Instant.now()) + "check skipped: " + test.getDisplayName() + ": " + reason);
            out.flush();
        }
    }
}
