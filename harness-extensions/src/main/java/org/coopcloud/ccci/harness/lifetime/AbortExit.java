package org.coopcloud.ccci.harness.lifetime;

import java.util.concurrent.atomic.AtomicBoolean;
import org.coopcloud.ccci.engine.api.RunAbort;

/**
 * Turns an aborted run into the process status 143 (SIGTERM) or 142 (deadline), although the
 * JUnit console launcher only ever exits 0, 1, 2 or 255.
 *
 * <ul>
 *   <li>{@link #exitIfAborted()} is called when the launcher session closes, which is after every
 *       report writer finished: it calls {@code System.exit(status)} only when an abort was
 *       requested, so Surefire and IDEs are left alone otherwise.</li>
 *   <li>A shutdown hook halts with the abort status when an abort was requested but our exit has
 *       not begun: a signal that lands after the session closed would otherwise end with the
 *       launcher's 0. It halts rather than exits: {@code System.exit} from a shutdown hook
 *       deadlocks the JVM.</li>
 * </ul>
 */
public final class AbortExit {
    private static final AtomicBoolean EXIT_BEGUN = new AtomicBoolean();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

    private AbortExit() {
    }

    public static void installHaltHook() {
        if (!HOOK_INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Thread hook = new Thread(() -> {
            if (!EXIT_BEGUN.get()) {
                RunAbort.requested().ifPresent(reason -> Runtime.getRuntime().halt(reason.exitStatus()));
            }
        }, "ccci-abort-status");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Exits with the abort status when an abort was requested; returns otherwise. */
    public static void exitIfAborted() {
        RunAbort.requested().ifPresent(reason -> {
            if (EXIT_BEGUN.compareAndSet(false, true)) {
                System.out.flush();
                System.err.flush();
                System.exit(reason.exitStatus());
            }
        });
    }
}
