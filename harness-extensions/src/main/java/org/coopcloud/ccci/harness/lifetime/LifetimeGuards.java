package org.coopcloud.ccci.harness.lifetime;

import java.time.Duration;
import org.coopcloud.ccci.harness.posix.Posix;
import org.coopcloud.ccci.harness.posix.PosixException;

/**
 * Bounds the harness process by its Drone step and by the hard deadline (DESIGN section 2:
 * JVM lifetime within step lifetime within deadline), in this order:
 * <ol>
 *   <li>arm the parent death signal;</li>
 *   <li>then refuse when the parent already changed: a parent that died before step 1 never sends
 *       the signal (checking after arming closes that race);</li>
 *   <li>funnel SIGTERM into the abort (143);</li>
 *   <li>schedule the deadline (142);</li>
 *   <li>make sure the process ends with the abort status.</li>
 * </ol>
 * Idempotent per process: two runs in one JVM share one set of guards.
 */
public final class LifetimeGuards {
    private static final System.Logger LOG = System.getLogger(LifetimeGuards.class.getName());
    private LifetimeGuards() {
    }

    public static void install(Duration deadline) {
        try {
            ParentDeathSignal.arm();
        } catch (PosixException e) {
            throw new LifetimeGuardException("cannot arm PR_SET_PDEATHSIG: " + e.getMessage());
        }
        refuseIfOrphaned();
        TerminationSignal.install();
        RunDeadline.schedule(deadline);
        AbortExit.installHaltHook();
    }

    /**
     * Throws {@link OrphanedAtStartException} when the parent is no longer the one we started with.
     * A start parent of 0 (we are PID 1 of a container, or were started from outside our pid
     * namespace) is kept as long as it stays 0: the container's end is then this run's end.
     */
    public static void refuseIfOrphaned() {
        int start = StartParent.pid();
        int now = Posix.get().parentPid();
        if (now != start) {
            throw new OrphanedAtStartException(start, now);
        }
        if (start == 0) {
            LOG.log(System.Logger.Level.INFO, "lifetime: no parent inside this pid namespace (cc-ci is {0}): "
                    + "the run ends with its container", ProcessHandle.current().pid() == 1
                    ? "its PID 1, e.g. a container's entrypoint" : "started from outside it, e.g. docker exec");
        }
    }
}
