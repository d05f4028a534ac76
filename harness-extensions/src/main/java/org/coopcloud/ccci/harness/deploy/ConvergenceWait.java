package org.coopcloud.ccci.harness.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.docker.SwarmTask;

/**
 * Waits until a freshly deployed or updated stack has converged, or says why it did not.
 *
 * <p>The rule, which held in every sequence measured on this swarm (swarm-facts.md): a stack is
 * still moving while any of its services has running tasks != desired tasks or an update state of
 * {@code updating} or {@code rollback_started}. Running == desired alone is not enough: during a
 * stop-first update the count reads 1/1 before the old task stops, and a start-first update reports
 * {@code completed} while still at 2/1. {@code paused}, {@code rollback_paused} and
 * {@code rollback_completed} are settled states of a failed update: they end the wait at once, as a
 * failure. A crash on the first create leaves no update state and 0/1 forever, so only the timeout
 * ends that, reporting the tasks' errors.
 *
 * <p>A single look that satisfies the rule is not enough, for two measured reasons. When the daemon
 * accepts a new spec it clears the update state and sets {@code updating} only when its updater
 * starts, milliseconds later: a poll in between (the first poll after {@code docker stack deploy}
 * returned did land there) sees the old task at 1/1 and no update, which reads as converged. And a
 * crash-looping task is {@code running} for an instant each time it starts, so a poll can catch a
 * crash loop at 1/1. So the stack counts as converged only when the rule held, with the same
 * running tasks (by id: a restart between two polls shows as a new task), for a quiet period
 * (default 2 s). An app that crashes later than that is left to the health check and the tiers.
 *
 * <p>Interruptible at once (polls are short socket calls, and the sleeps between them are
 * {@link Thread#sleep}), since SIGTERM reaches a run as an interrupt of its thread.
 */
public final class ConvergenceWait {
    private static final Set<String> MOVING = Set.of("updating", "rollback_started");
    private static final Set<String> FAILED = Set.of("paused", "rollback_paused", "rollback_completed");
    private static final int TASKS_REPORTED_PER_SERVICE = 3;

    /**
     * @param pollInterval     between two looks at the stack's services
     * @param progressInterval at most one progress line this often
     * @param noServicesGrace  how long an empty stack may stay empty (a deploy just returned)
     * @param quietPeriod      how long the stack must stay settled, with the same running tasks
     */
    public record Timing(Duration pollInterval, Duration progressInterval, Duration noServicesGrace, Duration quietPeriod) {
        public static final Timing DEFAULT =
                new Timing(Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

    private final DockerClient docker;
    private final StackObjects stackObjects;
    private final Consumer<String> progress;
    private final Timing timing;

    public ConvergenceWait(DockerClient docker, Consumer<String> progress) {
        this(docker, progress, Timing.DEFAULT);
    }

    public ConvergenceWait(DockerClient docker, Consumer<String> progress, Timing timing) {
        this.docker = docker;
        this.stackObjects = new StackObjects(docker);
        this.progress = progress;
        this.timing = timing;
    }

    /**
     * Polls the stack's services until they converge, an update fails, or the timeout passes.
     * Infrastructure failures (daemon unreachable) are thrown as {@code DockerException}; the
     * app's failures are returned as the outcome.
     */
    public Convergence await(String stack, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long nextProgress = start + timing.progressInterval().toNanos();
        long settledSince = -1;
        Set<String> settledTasks = Set.of();
        while (true) {
            List<SwarmService> services = stackObjects.services(stack);
            long now = System.nanoTime();
            Duration elapsed = Duration.ofNanos(now - start);
            if (services.isEmpty()) {
                settledSince = -1;
                if (elapsed.compareTo(timing.noServicesGrace()) >= 0 || elapsed.compareTo(timeout) >= 0) {
                    return new Convergence(stack, Convergence.Outcome.NO_SERVICES, elapsed, services,
                            "no service carries the label " + DockerClient.STACK_LABEL + "=" + stack
                                    + " or the name prefix " + stack + "_");
                }
            } else {
                List<SwarmService> failed = services.stream().filter(s -> s.updateState().filter(FAILED::contains).isPresent()).toList();
                if (!failed.isEmpty()) {
                    return new Convergence(stack, Convergence.Outcome.UPDATE_FAILED, elapsed, services, report(failed));
                }
                if (services.stream().allMatch(ConvergenceWait::settled)) {
                    Set<String> running = runningTaskIds(services);
                    if (settledSince < 0 || !running.equals(settledTasks)) {
                        settledSince = now;
                        settledTasks = running;
                    }
                    if (now - settledSince >= timing.quietPeriod().toNanos()) {
                        return new Convergence(stack, Convergence.Outcome.CONVERGED, elapsed, services, "");
                    }
                } else {
                    settledSince = -1;
                }
            }
            if (elapsed.compareTo(timeout) >= 0) {
                List<SwarmService> moving = services.stream().filter(s -> !settled(s)).toList();
                String detail = moving.isEmpty() && !services.isEmpty()
                        ? "every service looked settled, but only for " + Duration.ofNanos(now - settledSince).toMillis()
                                + " ms of the " + timing.quietPeriod().toMillis() + " ms quiet period (tasks restarting?)\n" + report(services)
                        : report(moving);
                return new Convergence(stack, Convergence.Outcome.TIMED_OUT, elapsed, services, detail);
            }
            if (now >= nextProgress) {
                progress.accept("== waiting for " + stack + ": " + summary(services) + " (" + seconds(elapsed) + "s) ==");
                nextProgress = now + timing.progressInterval().toNanos();
            }
            Thread.sleep(Math.max(1, Math.min(timing.pollInterval().toMillis(), timeout.minus(elapsed).toMillis())));
        }
    }

    /** The ids of the stack's tasks that are running and meant to be. */
    private Set<String> runningTaskIds(List<SwarmService> services) throws InterruptedException {
        Filters filters = Filters.none().and("desired-state", "running");
        for (SwarmService service : services) {
            filters = filters.and("service", service.id());
        }
        return docker.tasks(filters).stream().filter(SwarmTask::isRunning).map(SwarmTask::id).collect(Collectors.toSet());
    }

    static boolean settled(SwarmService service) {
        return service.runningTasks() == service.desiredTasks()
                && service.updateState().filter(MOVING::contains).isEmpty();
    }

    /** {@code app 0/1, store 1/1 updating}, or {@code no services yet}. */
    static String summary(List<SwarmService> services) {
        if (services.isEmpty()) {
            return "no services yet";
        }
        return services.stream()
                .sorted(Comparator.comparing(SwarmService::name))
                .map(s -> s.shortName() + " " + s.runningTasks() + "/" + s.desiredTasks() + s.updateState().map(u -> " " + u).orElse(""))
                .collect(Collectors.joining(", "));
    }

    /** Per service: its counts, its update state and message, and its latest tasks with errors. */
    private String report(List<SwarmService> services) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (SwarmService service : services) {
            Optional<String> update = service.updateState();
            lines.add("service " + service.name() + ": " + service.runningTasks() + "/" + service.desiredTasks() + " running"
                    + update.map(u -> ", update " + u).orElse("")
                    + (service.updateMessage().isEmpty() ? "" : ": " + service.updateMessage()));
            List<SwarmTask> latest = docker.tasksOfService(service.id()).stream()
                    .sorted(Comparator.comparing(SwarmTask::timestamp).reversed())
                    .limit(TASKS_REPORTED_PER_SERVICE)
                    .toList();
            if (latest.isEmpty()) {
                lines.add("  no tasks");
            }
            for (SwarmTask task : latest) {
                String why = !task.error().isEmpty() ? task.error() : task.message();
                lines.add("  task " + service.shortName() + "." + task.slot() + " " + task.id() + ": " + task.state()
                        + " (desired " + task.desiredState() + ") at " + task.timestamp()
                        + (why.isEmpty() ? "" : ": " + why));
            }
        }
        return String.join("\n", lines);
    }

    static String seconds(Duration duration) {
        return Long.toString(Math.round(duration.toMillis() / 1000.0));
    }
}
