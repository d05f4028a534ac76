package org.coopcloud.ccci.harness.lifetime;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.engine.api.RunAbort;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Funnels SIGTERM (a Drone cancel forwarded by the step's trap, or the parent death signal), SIGINT
 * (Ctrl-C on a manual run) and SIGHUP (its terminal or ssh session dropped) into the run's own
 * teardown: the first one requests the abort with status 128 + the signal number (143, 130, 129),
 * which interrupts the run work in flight; teardown runs outside that work and is never
 * interrupted. Later ones are logged and ignored (and re-interrupt work that swallowed the first,
 * see {@link RunAbort}). Each delivery runs on a fresh JVM thread, so the first-wins decision is
 * {@link RunAbort}'s compare-and-set.
 *
 * <p>SIGTERM must be catchable (else the guard refuses, see {@link #install()}). SIGINT and SIGHUP
 * inherited as ignored stay ignored: {@code nohup} and a non-interactive shell's background jobs
 * ask for exactly that, and the JVM honours it.
 */
public final class TerminationSignal {
    public static final int EXIT_STATUS = 143;
    public static final int INTERRUPT_EXIT_STATUS = 130;
    public static final int HANGUP_EXIT_STATUS = 129;
    private static final System.Logger LOG = System.getLogger(TerminationSignal.class.getName());
    private static boolean installed;

    private TerminationSignal() {
    }

    /**
     * Installs the handlers once per process.
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
            previous = Signal.handle(new Signal("TERM"), signal -> onSignal(signal, EXIT_STATUS));
        } catch (IllegalArgumentException e) {
            throw new LifetimeGuardException("cannot handle SIGTERM (is the JVM running with -Xrs?): "
                    + e.getMessage());
        }
        if (previous == SignalHandler.SIG_IGN) {
            throw new LifetimeGuardException("SIGTERM was inherited as ignored, so neither a Drone cancel nor the"
                    + " parent death signal could stop this run; start cc-ci with SIGTERM at its default");
        }
        handleUnlessIgnored("INT", INTERRUPT_EXIT_STATUS);
        handleUnlessIgnored("HUP", HANGUP_EXIT_STATUS);
        installed = true;
    }

    private static void handleUnlessIgnored(String name, int exitStatus) {
        // For a signal inherited as ignored the JVM installs nothing and answers SIG_IGN.
        if (Signal.handle(new Signal(name), signal -> onSignal(signal, exitStatus)) == SignalHandler.SIG_IGN) {
            LOG.log(Level.INFO, "SIG{0} was inherited as ignored (nohup, or a background job): it stays ignored", name);
        }
    }

    private static void onSignal(Signal signal, int exitStatus) {
        String name = "SIG" + signal.getName();
        List<EventLog> runs = ActiveRuns.snapshot();
        if (RunAbort.request(exitStatus, name)) {
            ActiveRuns.emit(runs, "signal", Map.of("signal", name, "action", "abort", "exitStatus", exitStatus));
            LOG.log(Level.WARNING, "== {0} received ({1}): aborting; teardown follows, exit {2} ==", name,
                    exitStatus == EXIT_STATUS ? "Drone cancel or parent death"
                            : exitStatus == INTERRUPT_EXIT_STATUS ? "Ctrl-C" : "terminal or ssh session gone",
                    Integer.toString(exitStatus));
        } else {
            ActiveRuns.emit(runs, "signal", Map.of("signal", name, "action", "ignored"));
            LOG.log(Level.WARNING, "== {0} received during abort or teardown: ignored; teardown continues ==", name);
        }
    }
}
