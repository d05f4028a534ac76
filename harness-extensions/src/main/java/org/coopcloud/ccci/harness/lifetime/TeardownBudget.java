package org.coopcloud.ccci.harness.lifetime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.api.Settings;

/**
 * Bounds a teardown that runs after an abort (SIGTERM, SIGINT, SIGHUP, the deadline). Without it,
 * only the per-call timeouts bound it (abra's, the waits for containers and volumes: about 35 min
 * in the worst case), long past a Drone cancel's grace. Counted from the abort: when the budget is
 * spent, the teardown thread is interrupted; the teardown then names what it left, the run ends
 * with its abort status, and the janitor reaps the rest once the run's lock is free.
 *
 * <p>A teardown without an abort (a finished run) is bounded by its calls' timeouts as before: an
 * abort that arrives during it starts the budget then. Use as try-with-resources around teardown.
 */
public final class TeardownBudget implements AutoCloseable {
    public static final String PARAMETER = "ccci.teardown.budget.seconds";
    public static final String ENV = "CCCI_TEARDOWN_BUDGET_SECONDS";
    public static final Duration DEFAULT = Duration.ofSeconds(300);
    private static final System.Logger LOG = System.getLogger(TeardownBudget.class.getName());
    private static final Duration RECHECK = Duration.ofMillis(250);

    private final Duration budget;
    private final Thread watchdog;
    private volatile boolean closed;
    private volatile boolean spent;

    private TeardownBudget(Duration budget, Thread teardown) {
        this.budget = budget;
        this.watchdog = new Thread(() -> watch(budget, teardown), "ccci-teardown-budget");
        this.watchdog.setDaemon(true);
    }

    /** Arms the budget for the calling thread's teardown. */
    public static TeardownBudget start(Duration budget) {
        TeardownBudget started = new TeardownBudget(budget, Thread.currentThread());
        started.watchdog.start();
        return started;
    }

    public static Duration from(Settings settings) {
        return DeadlineSetting.positiveSeconds(settings, PARAMETER, ENV).orElse(DEFAULT);
    }

    public Duration budget() {
        return budget;
    }

    /** True when the budget ran out and the teardown was interrupted. */
    public boolean spent() {
        return spent;
    }

    private void watch(Duration budget, Thread teardown) {
        try {
            while (!closed) {
                Optional<Long> abortedAt = RunAbort.requestedAtNanos();
                if (abortedAt.isPresent() && System.nanoTime() - abortedAt.get() >= budget.toNanos()) {
                    spent = true;
                    LOG.log(Level.WARNING, "== teardown budget of {0} s after the abort is spent: stopping the teardown;"
                            + " what is left is named in the report and the janitor reaps it ==",
                            Long.toString(budget.toSeconds()));
                    teardown.interrupt();
                    return;
                }
                Thread.sleep(RECHECK.toMillis());
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        if (spent) {
            Thread.interrupted(); // the interrupt belonged to this teardown, not to whatever comes next
        }
    }
}
