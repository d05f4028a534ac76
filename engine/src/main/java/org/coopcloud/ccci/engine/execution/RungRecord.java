package org.coopcloud.ccci.engine.execution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;

/**
 * What happened to one rung while it ran: collected from the tier node, its classes and its
 * checks as they finish, because a container in the hierarchical engine never sees its
 * children's results. The first failure names the rung's reason.
 */
public final class RungRecord implements TierContext {
    private final Stage stage;
    private final RunState run;
    private final Map<String, String> versions = new LinkedHashMap<>();
    private long startNanos;
    private long durationMillis;
    private boolean started;
    private Throwable firstFailure;
    private FailureKind failureKind;
    private String skipReason;
    private boolean declaredSkip;
    private String incompleteReason;
    private int checksRun;
    private String noChecksReason;
    private String dataCheck;

    RungRecord(Stage stage, RunState run) {
        this.stage = stage;
        this.run = run;
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public RunContext run() {
        return run;
    }

    synchronized void start() {
        started = true;
        startNanos = System.nanoTime();
    }

    synchronized void finish() {
        if (started) {
            durationMillis = (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

    /** Records a failure; the first one is the rung's reason, later ones (often echoes of it) are kept out. */
    synchronized void recordFailure(Throwable failure, FailureKind otherwise) {
        Optional<RunAbort.Reason> abort = RunAbort.requested();
        if (abort.isPresent() && causedByInterrupt(failure)) {
            // The abort interrupted this work: that says nothing about the app.
            recordIncomplete("run aborted during the tier: " + abort.get().cause());
            return;
        }
        if (failure instanceof org.opentest4j.TestAbortedException) {
            // The rung could not be tried for a reason that is not the app's (the upgrade base itself
            // does not deploy): unverified, with that reason.
            recordIncomplete(describe(failure));
            return;
        }
        if (firstFailure == null) {
            firstFailure = failure;
            failureKind = FailureKind.of(failure, otherwise);
        }
    }

    synchronized void recordSkip(String reason, boolean declared) {
        skipReason = reason;
        declaredSkip = declared;
    }

    /** A check of a running tier was skipped (the run was aborted mid-tier). */
    synchronized void recordIncomplete(String reason) {
        if (incompleteReason == null) {
            incompleteReason = reason;
        }
    }

    /** A check (or a check a factory made) of this rung is being run. */
    synchronized void noteCheckRan() {
        checksRun++;
    }

    /** Why a check factory made no checks: the rung's reason when no check at all ran in it. */
    synchronized void noteNoChecks(String reason) {
        if (noChecksReason == null) {
            noChecksReason = reason;
        }
    }

    synchronized void putVersion(String role, String version) {
        versions.put(role, version);
    }

    /** The strongest data check source recorded wins: a weaker one never replaces it. */
    synchronized void putDataCheck(String source) {
        int rank = RungResult.DATA_CHECKS.indexOf(source);
        if (rank < 0) {
            throw new IllegalArgumentException("unknown data check source '" + source + "', expected one of "
                    + RungResult.DATA_CHECKS);
        }
        if (dataCheck == null || rank < RungResult.DATA_CHECKS.indexOf(dataCheck)) {
            dataCheck = source;
        }
    }

    synchronized Optional<Throwable> failure() {
        return Optional.ofNullable(firstFailure);
    }

    synchronized boolean failed() {
        return firstFailure != null;
    }

    @Override
    public synchronized boolean passingSoFar() {
        return firstFailure == null && incompleteReason == null;
    }

    synchronized RungResult toResult() {
        if (firstFailure != null) {
            return new RungResult(stage, RungStatus.FAIL, Optional.of(describe(firstFailure)),
                    Optional.of(failureKind), versions, durationMillis, Optional.ofNullable(dataCheck));
        }
        if (!started) {
            RungStatus status = skipReason != null && declaredSkip ? RungStatus.SKIP : RungStatus.UNVERIFIED;
            return new RungResult(stage, status, Optional.ofNullable(skipReason).or(() -> Optional.of("did not run")),
                    Optional.empty(), versions, 0, Optional.empty());
        }
        if (incompleteReason != null) {
            return new RungResult(stage, RungStatus.UNVERIFIED, Optional.of(incompleteReason), Optional.empty(),
                    versions, durationMillis, Optional.ofNullable(dataCheck));
        }
        if (checksRun == 0) {
            // A rung that ran no check proved nothing: never a pass.
            return new RungResult(stage, RungStatus.UNVERIFIED, Optional.of(noChecksReason != null ? noChecksReason
                    : "no check ran: nothing proved this rung"), Optional.empty(), versions, durationMillis,
                    Optional.ofNullable(dataCheck));
        }
        return new RungResult(stage, RungStatus.PASS, Optional.empty(), Optional.empty(), versions, durationMillis,
                Optional.ofNullable(dataCheck));
    }

    private static boolean causedByInterrupt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        String text = message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }
}
