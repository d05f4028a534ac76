package org.coopcloud.ccci.harness.lifetime;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.engine.api.EventLog;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.engine.api.RunAbort;

/**
 * The hard deadline: counted from JVM start, it funnels into the same abort as SIGTERM, with its
 * own log line and status 142. Teardown after the deadline is not bounded by it (interrupting a
 * teardown buys nothing); the janitor is the backstop when a teardown wedges and the process is
 * killed harder.
 */
public final class RunDeadline {
    public static final int EXIT_STATUS = 142;
    private static final System.Logger LOG = System.getLogger(RunDeadline.class.getName());
    private static ScheduledExecutorService timer;
    private static Duration scheduled;

    private RunDeadline() {
    }

    /** Schedules the deadline once per process; a later call with another length is logged and ignored. */
    public static synchronized void schedule(Duration deadline) {
        if (timer != null) {
            if (!deadline.equals(scheduled)) {
                LOG.log(Level.WARNING, "deadline already set to {0} s for this process; ignoring {1} s",
                        Long.toString(scheduled.toSeconds()), Long.toString(deadline.toSeconds()));
            }
            return;
        }
        long sinceStart = ManagementFactory.getRuntimeMXBean().getUptime();
        long delay = Math.max(0, deadline.toMillis() - sinceStart);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ccci-deadline");
            t.setDaemon(true);
            return t;
        });
        scheduled = deadline;
        timer.schedule(() -> fire(deadline), delay, TimeUnit.MILLISECONDS);
    }

    private static void fire(Duration deadline) {
        String seconds = Long.toString(deadline.toSeconds());
        List<EventLog> runs = ActiveRuns.snapshot();
        if (RunAbort.request(EXIT_STATUS, "deadline")) {
            ActiveRuns.emit(runs, "deadline", Map.of("seconds", deadline.toSeconds(), "action", "abort",
                    "exitStatus", EXIT_STATUS));
            LOG.log(Level.WARNING, "== run exceeded its hard deadline of {0} s: aborting; teardown follows, exit {1} ==",
                    seconds, Integer.toString(EXIT_STATUS));
        } else {
            ActiveRuns.emit(runs, "deadline", Map.of("seconds", deadline.toSeconds(), "action", "ignored"));
            LOG.log(Level.WARNING, "== hard deadline of {0} s reached during abort or teardown: ignored ==", seconds);
        }
    }
}
