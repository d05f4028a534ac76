package org.coopcloud.ccci.harness.lifetime;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.engine.api.RunAbort;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Funnels SIGTERM (a Drone cancel forwarded by the step's trap, or the parent death signal) into
 * the run's own teardown: the first one requests the abort with status 143, which interrupts the
 * run work in flight; teardown runs outside that work and is never interrupted. Later ones are
 * logged and ignored. Each delivery runs on a fresh JVM thread, so the first-wins decision is
 * {@link RunAbort}'s compare-and-set.
 */
public final class TerminationSignal {
    public static final int EXIT_STATUS = 143;
    private static final System.Logger LOG = System.getLogger(TerminationSignal.class.getName());
    private static boolean installed;

    private TerminationSignal() {
    }

    /**
     * Installs the handler once per process.
     *
     * @throws LifetimeGuardException when SIGTERM cannot be handled: the JVM runs with {@code -Xrs},
     *                                or SIGTERM was inherited as ignored (then neither a cancel nor
     *                                the death signal could reach us)
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        SignalHandler previous;
        try {
            previous = Signal.handle(new Signal("TERM"), TerminationSignal::onSignal);
        } catch (IllegalArgumentException e) {
            throw new LifetimeGuardException("cannot handle SIGTERM (is the JVM running with -Xrs?): "
                    + e.getMessage());
        }
        if (previous == SignalHandler.SIG_IGN) {
            throw new LifetimeGuardException("SIGTERM was inherited as ignored, so neither a Drone cancel nor the"
                    + " parent death signal could stop this run; start cc-ci with SIGTERM at its default");
        }
        installed = true;
    }

    private static void onSignal(Signal signal) {
        String name = "SIG" + signal.getName();
        List<EventLog> runs = ActiveRuns.snapshot();
        if (RunAbort.request(EXIT_STATUS, name)) {
            ActiveRuns.emit(runs, "signal", Map.of("signal", name, "action", "abort", "exitStatus", EXIT_STATUS));
            LOG.log(Level.WARNING, "== {0} received (Drone cancel or parent death): aborting; teardown follows, exit {1} ==",
                    name, Integer.toString(EXIT_STATUS));
        } else {
            ActiveRuns.emit(runs, "signal", Map.of("signal", name, "action", "ignored"));
            LOG.log(Level.WARNING, "== {0} received during abort or teardown: ignored; teardown continues ==", name);
        }
    }
}
