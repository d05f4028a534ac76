package org.coopcloud.ccci.harness.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.docker.SwarmTask;
import org.junit.jupiter.api.Test;

/**
 * The stack-level crash-loop rule on recorded looks: an app failing while its database starts is
 * waiting on it; failing while the database runs healthy, or again after it settled, is a crash loop.
 */
class StackVerdictTest {
    private static final Instant DEPLOY = Instant.parse("2026-12-07T12:00:00Z");

    private static Instant at(double seconds) {
        return DEPLOY.plusMillis((long) (seconds * 1000));
    }

    private static SwarmService service(String id, String name, long running) {
        return new SwarmService(id, "st_" + name, Map.of(DockerClient.STACK_LABEL, "st"), running, 1, Optional.empty(), "", false);
    }

    private static SwarmTask task(String service, String id, String state, String desired, double createdAt, double changedAt) {
        return new SwarmTask(id, service, 1, state, desired, state.equals("failed") ? "task: non-zero exit (1)" : "", "",
                "c-" + id, at(createdAt), at(changedAt), true);
    }

    /** The app's tasks failing every {@code every} seconds from {@code from} to {@code to}. */
    private static List<SwarmTask> appFailures(double from, double to, double every) {
        List<SwarmTask> tasks = new ArrayList<>();
        int i = 0;
        for (double t = from; t < to; t += every) {
            tasks.add(task("a", "a" + i++, "failed", "shutdown", t, t + 0.2));
        }
        return tasks;
    }

    private static ServiceVerdict app(List<ServiceVerdict> verdicts) {
        return verdicts.stream().filter(v -> v.service().shortName().equals("app")).findFirst().orElseThrow();
    }

    @Test
    void anAppFailingWhileItsDatabaseStartsIsWaitingNotACrashLoop() {
        StackVerdict judge = new StackVerdict(DEPLOY, 3, Duration.ofSeconds(1));
        List<SwarmTask> tasks = new ArrayList<>(appFailures(0.5, 10, 1.5));
        tasks.add(task("d", "d0", "starting", "running", 0, 0.5));

        List<ServiceVerdict> verdicts = judge.judge(List.of(service("a", "app", 0), service("d", "db", 0)), tasks, at(10));

        assertThat(app(verdicts).state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(app(verdicts).why()).startsWith("7 tasks failed while db starts (waiting on it: the swarm ignores depends_on)");
    }

    @Test
    void theSameFailuresWhileTheDatabaseRunsHealthyAreACrashLoop() {
        StackVerdict judge = new StackVerdict(DEPLOY, 3, Duration.ofSeconds(1));
        List<SwarmTask> tasks = new ArrayList<>(appFailures(0.5, 10, 1.5));
        tasks.add(task("d", "d0", "running", "running", 0, 0.5));

        List<ServiceVerdict> verdicts = judge.judge(List.of(service("a", "app", 0), service("d", "db", 1)), tasks, at(10));

        assertThat(app(verdicts).state()).isEqualTo(ServiceVerdict.State.CRASH_LOOP);
    }

    @Test
    void afterTheDatabaseSettledTheAppRecoversOrIsACrashLoopAtItsSecondFailure() {
        StackVerdict recovering = new StackVerdict(DEPLOY, 3, Duration.ofSeconds(1));
        List<SwarmTask> starting = new ArrayList<>(appFailures(0.5, 25, 1.5));
        starting.add(task("d", "d0", "starting", "running", 0, 0.5));
        recovering.judge(List.of(service("a", "app", 0), service("d", "db", 0)), starting, at(25));

        // The db is healthy from 26 s; the app's next task runs.
        List<SwarmTask> settled = new ArrayList<>(appFailures(0.5, 25, 1.5));
        settled.add(task("d", "d1", "running", "running", 0, 26));
        settled.add(task("a", "ok", "running", "running", 26, 26.5));
        ServiceVerdict early = app(recovering.judge(List.of(service("a", "app", 1), service("d", "db", 1)), settled, at(27)));
        assertThat(early.state()).as(early.why()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(early.why()).contains("after a failed task");
        ServiceVerdict later = app(recovering.judge(List.of(service("a", "app", 1), service("d", "db", 1)), settled, at(37)));
        assertThat(later.isSettled()).as(later.why()).isTrue();

        StackVerdict failing = new StackVerdict(DEPLOY, 3, Duration.ofSeconds(1));
        failing.judge(List.of(service("a", "app", 0), service("d", "db", 0)), starting, at(25));
        List<SwarmTask> stillFailing = new ArrayList<>(appFailures(0.5, 25, 1.5));
        stillFailing.add(task("d", "d1", "running", "running", 0, 26));
        ServiceVerdict waitingStill = app(failing.judge(List.of(service("a", "app", 0), service("d", "db", 1)), stillFailing, at(26.1)));
        assertThat(waitingStill.isFailure()).as("no failure since the db settled yet").isFalse();
        stillFailing.add(task("a", "x1", "failed", "shutdown", 26.2, 26.5));
        assertThat(app(failing.judge(List.of(service("a", "app", 0), service("d", "db", 1)), stillFailing, at(26.6))).isFailure())
                .as("one failure since").isFalse();
        stillFailing.add(task("a", "x2", "failed", "shutdown", 27.7, 28));
        assertThat(app(failing.judge(List.of(service("a", "app", 0), service("d", "db", 1)), stillFailing, at(28.1))).state())
                .isEqualTo(ServiceVerdict.State.CRASH_LOOP);
    }

    @Test
    void twoServicesCrashLoopingTogetherDoNotWaitOnEachOther() {
        StackVerdict judge = new StackVerdict(DEPLOY, 3, Duration.ofSeconds(1));
        List<SwarmTask> tasks = new ArrayList<>(appFailures(0.5, 6, 1.5));
        for (int i = 0; i < 4; i++) {
            tasks.add(task("d", "d" + i, "failed", "shutdown", 0.5 + 1.5 * i, 0.7 + 1.5 * i));
        }

        List<ServiceVerdict> verdicts = judge.judge(List.of(service("a", "app", 0), service("d", "db", 0)), tasks, at(6.5));

        assertThat(verdicts).allMatch(v -> v.state() == ServiceVerdict.State.CRASH_LOOP);
    }
}
