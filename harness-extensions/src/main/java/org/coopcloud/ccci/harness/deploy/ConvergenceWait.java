package org.coopcloud.ccci.harness.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.coopcloud.ccci.engine.api.FailureCause;
import org.coopcloud.ccci.harness.docker.ContainerState;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.DockerException;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.docker.SwarmTask;

/**
 * Waits until a freshly deployed or updated stack has converged, or says why it did not, as soon
 * as the swarm's own records allow: each look judges every service by {@link ServiceVerdict} (task
 * states and their timestamps, health-gated {@code running}, the update state, and whether the task
 * template changed). The stack has converged when every service is settled; it has failed at once
 * when any service's update failed, its tasks keep failing ({@code restartLimit} of them since the
 * deploy began, while the other services run and are healthy: {@link StackVerdict}), or a task
 * error cannot heal. A service failing only while other services still start is waiting on them. Failures carry the service, the task error and the
 * last lines of the failed task's log.
 *
 * <p>Why no quiet period any more: the two traps it guarded are now read from evidence. The "1/1
 * before the update started" look has a changed task template and no update state yet; a crash
 * loop caught at 1/1 has a task that has not been running for {@code stableAfter} (or, with a
 * health check, is never {@code running} at all), and leaves failed tasks behind. Docker events
 * are not needed: they report the same task transitions, and a poll every 150 ms costs three short
 * socket calls (docs/performance.md).
 *
 * <p>Interruptible at once (polls are short socket calls, and the sleeps between them are
 * {@link Thread#sleep}), since SIGTERM reaches a run as an interrupt of its thread.
 */
public final class ConvergenceWait {
    private static final int TASKS_REPORTED_PER_SERVICE = 3;
    private static final int LOG_LINES_REPORTED = 10;

    /**
     * @param pollInterval     between two looks at the stack's services and tasks
     * @param progressInterval at most one progress line this often
     * @param noServicesGrace  how long an empty stack may stay empty (a deploy just returned)
     * @param stableAfter      how long a task without a health check must have been running
     * @param restartLimit     this many failed tasks of one service since the deploy began is a crash loop
     */
    public record Timing(Duration pollInterval, Duration progressInterval, Duration noServicesGrace, Duration stableAfter,
            int restartLimit) {
        public static final Timing DEFAULT = new Timing(Duration.ofMillis(150), Duration.ofSeconds(3), Duration.ofSeconds(30),
                Duration.ofSeconds(1), 3);

        public Timing(Duration pollInterval, Duration progressInterval, Duration noServicesGrace, Duration stableAfter) {
            this(pollInterval, progressInterval, noServicesGrace, stableAfter, DEFAULT.restartLimit());
        }
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
     * Polls the stack until it converges, fails, or the timeout passes. Infrastructure failures
     * (daemon unreachable) are thrown as {@code DockerException}; the app's failures are returned
     * as the outcome.
     *
     * @param deployBegan failed tasks from before this instant belong to an earlier deploy. Take it
     *                    before the deploy call: the swarm may make and fail the first task before
     *                    the call returns, and a crash loop counted from after it reads as converged
     */
    public Convergence await(String stack, Duration timeout, Instant deployBegan) throws InterruptedException {
        long start = System.nanoTime();
        long nextProgress = start + timing.progressInterval().toNanos();
        List<ServiceVerdict> verdicts = List.of();
        Optional<String> notBorneOut = Optional.empty();
        StackVerdict stackVerdict = new StackVerdict(deployBegan, timing.restartLimit(), timing.stableAfter());
        while (true) {
            List<SwarmService> services = stackObjects.services(stack);
            long now = System.nanoTime();
            Duration elapsed = Duration.ofNanos(now - start);
            if (services.isEmpty()) {
                if (elapsed.compareTo(timing.noServicesGrace()) >= 0 || elapsed.compareTo(timeout) >= 0) {
                    return new Convergence(stack, Convergence.Outcome.NO_SERVICES, elapsed, services,
                            "no service carries the label " + DockerClient.STACK_LABEL + "=" + stack
                                    + " or the name prefix " + stack + "_");
                }
            } else {
                // Before the call, not after: a task's running time is counted from no later than the
                // daemon's answer, so a slow answer under load never makes a task look stable sooner.
                Instant lookedAt = Instant.now();
                List<SwarmTask> tasks = tasksOf(services);
                verdicts = stackVerdict.judge(services.stream().sorted(Comparator.comparing(SwarmService::name)).toList(), tasks,
                        lookedAt);
                Optional<ServiceVerdict> failed = verdicts.stream().filter(ServiceVerdict::isFailure).findFirst();
                if (failed.isPresent()) {
                    Convergence.Outcome outcome = switch (failed.get().state()) {
                        case UPDATE_FAILED -> Convergence.Outcome.UPDATE_FAILED;
                        case CANNOT_HEAL -> Convergence.Outcome.CANNOT_HEAL;
                        default -> Convergence.Outcome.CRASH_LOOP;
                    };
                    Report report = report(failed.get(), verdicts);
                    return new Convergence(stack, outcome, elapsed, services, report.detail(), Optional.of(report.cause()));
                }
                notBorneOut = Optional.empty();
                if (verdicts.stream().allMatch(ServiceVerdict::isSettled)) {
                    notBorneOut = notBorneOutByContainers(docker, services, tasks);
                    if (notBorneOut.isEmpty()) {
                        return new Convergence(stack, Convergence.Outcome.CONVERGED, elapsed, services, "");
                    }
                }
            }
            if (elapsed.compareTo(timeout) >= 0) {
                List<ServiceVerdict> pending = verdicts.stream().filter(v -> !v.isSettled()).toList();
                if (pending.isEmpty()) {
                    return new Convergence(stack, Convergence.Outcome.TIMED_OUT, elapsed, services, notBorneOut.orElse(""));
                }
                Report report = report(pending.get(0), pending);
                return new Convergence(stack, Convergence.Outcome.TIMED_OUT, elapsed, services, report.detail(),
                        Optional.of(report.cause()));
            }
            if (now >= nextProgress) {
                progress.accept("== waiting for " + stack + " (" + seconds(elapsed) + "s of " + timeout.toSeconds() + "s): "
                        + (notBorneOut.isPresent() ? notBorneOut.get() : pendingSummary(services, verdicts)) + " ==");
                nextProgress = now + timing.progressInterval().toNanos();
            }
            Thread.sleep(Math.max(1, Math.min(timing.pollInterval().toMillis(), timeout.minus(elapsed).toMillis())));
        }
    }

    private List<SwarmTask> tasksOf(List<SwarmService> services) throws InterruptedException {
        Filters filters = Filters.none();
        for (SwarmService service : services) {
            filters = filters.and("service", service.id());
        }
        return docker.tasks(filters);
    }

    /**
     * The last word before "converged": every task the swarm reads as running must still have a
     * running container. The swarm records a task's exit after the container's own record: 0.09 to
     * 0.17 s later, measured here under load ({@link DockerClient#containerState}), so a process that
     * lives just past {@code stableAfter} would otherwise read as stable. A container this daemon
     * does not have (a task on another node) is taken on the swarm's word.
     *
     * @return why the stack is not converged after all, or empty when every container runs
     */
    static Optional<String> notBorneOutByContainers(DockerClient docker, List<SwarmService> services, List<SwarmTask> tasks)
            throws InterruptedException {
        for (SwarmTask task : tasks) {
            if (!task.isRunning() || task.containerId().isEmpty()) {
                continue;
            }
            Optional<ContainerState> container = docker.containerState(task.containerId());
            if (container.isPresent() && !container.get().running()) {
                String service = services.stream().filter(s -> s.id().equals(task.serviceId())).map(SwarmService::shortName)
                        .findFirst().orElse(task.serviceId());
                return Optional.of(service + " task " + task.id() + " reads running, but its container exited at "
                        + container.get().finishedAt() + " (the swarm has not recorded it yet)");
            }
        }
        return Optional.empty();
    }

    /** {@code store 0/1, task starting (health check not yet passing)}: the services still pending. */
    static String pendingSummary(List<SwarmService> services, List<ServiceVerdict> verdicts) {
        if (services.isEmpty()) {
            return "no services yet";
        }
        return verdicts.stream().filter(v -> !v.isSettled())
                .map(v -> v.service().shortName() + " " + v.why())
                .collect(Collectors.joining("; "));
    }

    /** The whole detail for the run page, and the short cause that heads every report. */
    private record Report(String detail, FailureCause cause) {
    }

    /**
     * The failing (or still pending) service first: its state, its latest tasks with their errors,
     * and the last lines of its newest failed task's log; then one line for each other service.
     * The cause names the service, what went wrong in a few words, and the log's decisive lines.
     */
    private Report report(ServiceVerdict first, List<ServiceVerdict> all) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        SwarmService service = first.service();
        lines.add("service " + service.name() + ": " + first.why());
        lines.add("  " + service.runningTasks() + "/" + service.desiredTasks() + " running"
                + service.updateState().map(u -> ", update " + u).orElse("")
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
        List<String> tail = new ArrayList<>();
        lines.addAll(logTail(first.failedTasks().isEmpty() ? latest : first.failedTasks(), tail));
        for (ServiceVerdict other : all) {
            if (other != first) {
                lines.add("service " + other.service().name() + ": " + (other.isSettled() ? "settled" : other.why()));
            }
        }
        List<String> decisive = new ArrayList<>(FailureCause.decisive(tail, 3));
        if (decisive.isEmpty()) {
            // No log: the task's own error is the best line there is.
            first.failedTasks().stream().findFirst().map(t -> t.error().isEmpty() ? t.message() : t.error())
                    .filter(e -> !e.isEmpty()).ifPresent(decisive::add);
        }
        return new Report(String.join("\n", lines), FailureCause.of(causeSummary(first), service.shortName(), decisive));
    }

    /** {@code store keeps failing (task: non-zero exit (1))}: the service and the swarm's word for it. */
    static String causeSummary(ServiceVerdict verdict) {
        String name = verdict.service().shortName();
        String lastError = verdict.failedTasks().stream().findFirst()
                .map(t -> !t.error().isEmpty() ? t.error() : t.state()).orElse("");
        return switch (verdict.state()) {
            case CRASH_LOOP -> name + " keeps failing (" + verdict.failedTasks().size() + " tasks failed, the last: "
                    + lastError + ")";
            case UPDATE_FAILED -> name + "'s " + verdict.why();
            case CANNOT_HEAL -> name + " cannot start: " + verdict.why();
            default -> name + " not ready in time: " + verdict.why();
        };
    }

    /** The last log lines of the newest of these tasks that had a container. */
    private List<String> logTail(List<SwarmTask> tasks, List<String> tailOut) throws InterruptedException {
        Optional<SwarmTask> withContainer = tasks.stream().filter(t -> !t.containerId().isEmpty()).findFirst();
        if (withContainer.isEmpty()) {
            return tasks.isEmpty() ? List.of() : List.of("  no container was created, so there is no log");
        }
        SwarmTask task = withContainer.get();
        List<String> tail;
        try {
            tail = docker.containerLogTail(task.containerId(), LOG_LINES_REPORTED);
        } catch (DockerException e) {
            return List.of("  its log is not readable: " + e.getMessage());
        }
        tailOut.addAll(tail);
        List<String> lines = new ArrayList<>();
        lines.add(tail.isEmpty() ? "  task " + task.id() + " logged nothing"
                : "  last " + tail.size() + " log lines of task " + task.id() + ":");
        tail.forEach(line -> lines.add("    | " + line));
        return lines;
    }

    static String seconds(Duration duration) {
        return Long.toString(Math.round(duration.toMillis() / 1000.0));
    }
}
