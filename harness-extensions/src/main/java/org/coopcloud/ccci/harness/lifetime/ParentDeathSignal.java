package org.coopcloud.ccci.harness.lifetime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.coopcloud.ccci.harness.posix.LinuxConstants;
import org.coopcloud.ccci.harness.posix.Posix;
import org.coopcloud.ccci.harness.posix.PosixException;

/**
 * Arms {@code PR_SET_PDEATHSIG(SIGTERM)}: when the process that started the JVM dies, the kernel
 * sends us SIGTERM and the abort funnel tears the run down.
 *
 * <p>The setting belongs to the thread that calls prctl and is lost when that thread exits, while
 * engine callbacks may run on pool workers that retire. So the call is made on a dedicated daemon
 * thread that then parks for the rest of the process: the signal stays armed whatever thread asked
 * for it, and no launcher has to guarantee that it calls us on its main thread. (Measured: armed
 * from a thread that then exits, the child survived its parent's SIGKILL; armed here, it got
 * SIGTERM; see the concurrency suite's lifetime cases.)
 */
public final class ParentDeathSignal {
    private static final String KEEPER_NAME = "ccci-parent-death-signal";
    private static boolean armed;

    private ParentDeathSignal() {
    }

    /** Arms the signal once per process; later calls return at once. */
    public static synchronized void arm() throws PosixException {
        if (armed) {
            return;
        }
        CompletableFuture<PosixException> outcome = new CompletableFuture<>();
        Thread keeper = new Thread(() -> {
            try {
                Posix.get().setParentDeathSignal(LinuxConstants.SIGTERM);
                outcome.complete(null);
            } catch (PosixException e) {
                outcome.complete(e);
                return;
            } catch (RuntimeException | Error e) {
                outcome.completeExceptionally(e);
                return;
            }
            while (true) {
                LockSupport.park(); // keep the arming thread, and with it the setting, alive
            }
        }, KEEPER_NAME);
        keeper.setDaemon(true);
        keeper.start();
        PosixException failure;
        try {
            failure = outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while arming the parent death signal", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot arm the parent death signal: " + e.getCause(), e.getCause());
        }
        if (failure != null) {
            throw failure;
        }
        armed = true;
    }
}
