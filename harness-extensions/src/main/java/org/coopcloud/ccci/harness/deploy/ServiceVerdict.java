package org.coopcloud.ccci.harness.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.docker.SwarmTask;

/**
 * What the swarm's own records say about one service at one look: settled, still pending, or
 * failed in a way that waiting will not mend. A pure function of the service and its tasks, so the
 * rule is testable on recorded states; {@link ConvergenceWait} polls and applies it.
 *
 * <p>The rule, from what was measured on this swarm (swarm-facts.md, docs/performance.md):
 * <ul>
 * <li>An update state of {@code paused}, {@code rollback_paused} or {@code rollback_completed}: the
 *     update failed ({@link State#UPDATE_FAILED}).
 * <li>A task of this deploy refused with an error no retry can mend (no such image, a missing
 *     secret, config or network, a bind mount whose source does not exist): {@link State#CANNOT_HEAL}
 *     at the first such task. The swarm would retry it forever.
 * <li>{@code restartLimit} tasks made by this deploy (created after it began) failed: a crash loop ({@link State#CRASH_LOOP}),
 *     unless the swarm is rolling the update back, which it reports itself, or the failures came
 *     while other services of the stack were still starting ({@link StackVerdict}: the swarm
 *     ignores {@code depends_on}, so an app is restarted until its database answers). A slow start (a
 *     database's first init) has no failed task, only one that stays {@code starting}: it is pending
 *     until the timeout, never failed early.
 * <li>Pending while the update is {@code updating} or {@code rollback_started}; while the task
 *     template changed and no update state is there yet (the daemon sets {@code updating} a moment
 *     after accepting the spec, and a look in between sees the old task at 1/1); while running !=
 *     desired (a start-first update reads {@code completed} at 2/1), by the service's counts or by
 *     the task list (two calls: a task may fail between them); and while a running task without
 *     a health check has run for less than {@code stableAfter} (a crash-looping task is
 *     {@code running} for an instant each time). A task with a health check is held in
 *     {@code starting} by the swarm until healthy, so {@code running} is already the evidence.
 *     Once a task of this deploy failed, every running task must have run for {@link
 *     #RECOVERED_AFTER}, health check or not.
 * </ul>
 */
public record ServiceVerdict(SwarmService service, State state, String why, List<SwarmTask> failedTasks) {
    public enum State { SETTLED, PENDING, UPDATE_FAILED, CRASH_LOOP, CANNOT_HEAL;

        boolean isFailure() {
            return this == UPDATE_FAILED || this == CRASH_LOOP || this == CANNOT_HEAL;
        }
    }

    static final Set<String> MOVING = Set.of("updating", "rollback_started");
    static final Set<String> FAILED = Set.of("paused", "rollback_paused", "rollback_completed");
    /**
     * Task errors that no restart mends. "No such image" and the bind source were measured here
     * (task state {@code rejected}, retried every 5 s forever); the secret, config and network
     * forms are the daemon's messages for objects removed under a deploy.
     */
    static final Pattern CANNOT_HEAL_ERROR = Pattern.compile(
            "No such image|bind source path does not exist|invalid mount config|"
                    + "(secret|config|network) \\S+ not found|(secret|config) not found|no such (secret|config|network)",
            Pattern.CASE_INSENSITIVE);

    /**
     * How long a task must have been running, health check or not, once a task of this deploy
     * failed: under load the daemon reported a task that exits 0.5 s after start as running for
     * over a second, so a crash loop read as settled between two crashes. Only a deploy that
     * already failed once pays it.
     */
    public static final Duration RECOVERED_AFTER = Duration.ofSeconds(10);

    public ServiceVerdict {
        failedTasks = List.copyOf(failedTasks);
    }

    /**
     * @param tasks       this service's tasks, any state (other services' tasks are ignored)
     * @param since       when this deploy began: tasks created before it belong to an earlier one
     * @param now         the time of this look, on the daemon's clock (the same host's)
     */
    public static ServiceVerdict of(SwarmService service, List<SwarmTask> tasks, Instant since, Instant now,
            int restartLimit, Duration stableAfter) {
        return of(service, tasks, since, now, restartLimit, stableAfter, since);
    }

    /**
     * The same, with the crash-loop rule limited to failures at or after {@code crashCountFrom}
     * (when the other services of the stack settled, {@link StackVerdict}): {@code restartLimit}
     * failed tasks since the deploy began, of which at least {@link StackVerdict#FAILED_AFTER_OTHERS_SETTLED}
     * (or all, when fewer are required) failed at or after it. {@link Instant#MAX}: the others are
     * still starting, so no failure makes a crash loop yet.
     */
    static ServiceVerdict of(SwarmService service, List<SwarmTask> tasks, Instant since, Instant now,
            int restartLimit, Duration stableAfter, Instant crashCountFrom) {
        List<SwarmTask> mine = tasks.stream().filter(t -> t.serviceId().equals(service.id())).toList();
        // Only tasks this deploy made: an old task stopped by a stop-first update can end "failed"
        // too (seen here: "error while removing network"), and that is no crash of the new spec.
        List<SwarmTask> failed = mine.stream()
                .filter(t -> t.hasFailed() && !t.createdAt().isBefore(since))
                .sorted(Comparator.comparing(SwarmTask::timestamp).reversed())
                .toList();
        Optional<String> update = service.updateState();
        if (update.filter(FAILED::contains).isPresent()) {
            return new ServiceVerdict(service, State.UPDATE_FAILED,
                    "update " + update.get() + (service.updateMessage().isEmpty() ? "" : ": " + service.updateMessage()), failed);
        }
        Optional<SwarmTask> unhealable = failed.stream().filter(t -> CANNOT_HEAL_ERROR.matcher(t.error()).find()).findFirst();
        if (unhealable.isPresent()) {
            return new ServiceVerdict(service, State.CANNOT_HEAL, "task " + unhealable.get().state() + ": " + unhealable.get().error(), failed);
        }
        boolean rollingBack = update.filter("rollback_started"::equals).isPresent();
        long failedSinceOthersSettled = failed.stream().filter(t -> !t.timestamp().isBefore(crashCountFrom)).count();
        boolean failingWhileOthersSettled = failedSinceOthersSettled >= Math.min(StackVerdict.FAILED_AFTER_OTHERS_SETTLED, restartLimit);
        if (failed.size() >= restartLimit && failingWhileOthersSettled && !rollingBack) {
            return new ServiceVerdict(service, State.CRASH_LOOP, failed.size() + " tasks failed since the deploy began, the last: "
                    + errorOf(failed.get(0)), failed);
        }
        String pending = pending(service, mine, failed, now, stableAfter);
        return new ServiceVerdict(service, pending.isEmpty() ? State.SETTLED : State.PENDING, pending, failed);
    }

    /** Why the service is not settled yet, or empty when it is. */
    private static String pending(SwarmService service, List<SwarmTask> tasks, List<SwarmTask> failed, Instant now,
            Duration stableAfter) {
        String failures = failed.isEmpty() ? "" : ", " + failed.size() + " failed (" + errorOf(failed.get(0)) + ")";
        Optional<String> update = service.updateState();
        String counts = service.runningTasks() + "/" + service.desiredTasks();
        if (update.filter(MOVING::contains).isPresent()) {
            return counts + " " + update.get() + latestState(tasks) + failures;
        }
        if (update.isEmpty() && service.taskSpecChanged()) {
            return counts + ", update not started yet";
        }
        if (service.runningTasks() != service.desiredTasks()) {
            return counts + latestState(tasks) + failures;
        }
        // The counts come from the service list, the tasks from a second call a moment later: a task
        // that failed in between still counts as running there (seen under load: a crash loop read 1/1).
        long runningInList = tasks.stream().filter(SwarmTask::isRunning).count();
        if (runningInList != service.desiredTasks()) {
            return runningInList + "/" + service.desiredTasks() + " running in the task list (the service reads " + counts + ")"
                    + latestState(tasks) + failures;
        }
        // After a failure of this deploy every running task must prove itself for longer, health check or not.
        boolean recovering = !failed.isEmpty();
        Duration window = recovering && RECOVERED_AFTER.compareTo(stableAfter) > 0 ? RECOVERED_AFTER : stableAfter;
        for (SwarmTask task : tasks) {
            if (task.isRunning() && (recovering || !task.healthChecked())) {
                Duration running = Duration.between(task.timestamp(), now);
                if (running.compareTo(window) < 0) {
                    return counts + ", task " + task.id() + " running for only " + Math.max(0, running.toMillis())
                            + " ms (" + (recovering ? "after a failed task" : "no health check") + ": stable after "
                            + window.toMillis() + " ms)" + failures;
                }
            }
        }
        return "";
    }

    /** {@code , task starting} (the newest task meant to run), or empty when there is none. */
    private static String latestState(List<SwarmTask> tasks) {
        return tasks.stream()
                .filter(t -> "running".equals(t.desiredState()))
                .max(Comparator.comparing(SwarmTask::timestamp))
                .map(t -> ", task " + t.state() + (t.state().equals("starting") && t.healthChecked() ? " (health check not yet passing)" : ""))
                .orElse("");
    }

    private static String errorOf(SwarmTask task) {
        return !task.error().isEmpty() ? task.error() : task.state() + (task.message().isEmpty() ? "" : " (" + task.message() + ")");
    }

    public boolean isSettled() {
        return state == State.SETTLED;
    }

    public boolean isFailure() {
        return state.isFailure();
    }
}
