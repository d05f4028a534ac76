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
 * The convergence rule on states as the daemon reports them (the shapes recorded in swarm-facts.md
 * and docs/performance.md), including the ones too brief to land a real poll on reliably: the look
 * between an accepted spec and the start of its update, and a crash-looping task caught running.
 */
class ServiceVerdictTest {
    private static final Instant DEPLOY = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration STABLE_AFTER = Duration.ofSeconds(1);

    private static SwarmService service(long running, long desired, String update, boolean taskSpecChanged) {
        return new SwarmService("svc1", "st_store", Map.of(DockerClient.STACK_LABEL, "st"), running, desired,
                Optional.ofNullable(update), "", taskSpecChanged);
    }

    private static SwarmTask task(String id, String state, String desired, String error, double secondsAfterDeploy,
            boolean healthChecked) {
        Instant at = DEPLOY.plusMillis((long) (secondsAfterDeploy * 1000));
        return new SwarmTask(id, "svc1", 1, state, desired, error, "", error.startsWith("No such") ? "" : "c-" + id,
                at.minusMillis(300), at, healthChecked);
    }

    private static ServiceVerdict judge(SwarmService service, List<SwarmTask> tasks, double nowSecondsAfterDeploy) {
        return ServiceVerdict.of(service, tasks, DEPLOY, DEPLOY.plusMillis((long) (nowSecondsAfterDeploy * 1000)), 3, STABLE_AFTER);
    }

    private static List<SwarmTask> failures(int count) {
        List<SwarmTask> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(task("f" + i, "failed", "shutdown", "task: non-zero exit (1)", 1 + 2 * i, true));
        }
        return tasks;
    }

    @Test
    void theOldTaskAtOneOfOneBeforeTheUpdateStartedIsPending() {
        SwarmTask old = task("old", "running", "running", "", -60, true);

        ServiceVerdict verdict = judge(service(1, 1, null, true), List.of(old), 0.01);

        assertThat(verdict.state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(verdict.why()).isEqualTo("1/1, update not started yet");
    }

    @Test
    void aRedeployOfTheSameTaskTemplateIsSettledAtOnce() {
        SwarmTask old = task("old", "running", "running", "", -60, true);

        assertThat(judge(service(1, 1, null, false), List.of(old), 0.01).isSettled()).isTrue();
    }

    @Test
    void aCompletedUpdateStillAtTwoOfOneIsPending() {
        List<SwarmTask> tasks = List.of(task("old", "running", "shutdown", "", -60, false), task("new", "running", "running", "", 2, false));

        ServiceVerdict verdict = judge(service(2, 1, "completed", true), tasks, 5);

        assertThat(verdict.state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(verdict.why()).startsWith("2/1");
    }

    @Test
    void aTaskWithoutHealthCheckCountsOnlyOnceItHasRunForStableAfter() {
        SwarmTask fresh = task("t", "running", "running", "", 2, false);

        ServiceVerdict early = judge(service(1, 1, null, false), List.of(fresh), 2.4);
        ServiceVerdict later = judge(service(1, 1, null, false), List.of(fresh), 3.1);

        assertThat(early.state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(early.why()).contains("running for only 400 ms (no health check: stable after 1000 ms)");
        assertThat(later.isSettled()).isTrue();
    }

    @Test
    void aServiceCountOfOneOfOneIsNotBorneOutWhenTheTaskListHasNoRunningTask() {
        // Recorded on this swarm under load: the service list (with its counts) and the task list are two
        // calls; between them the only task failed, so the service still read 1/1 while the task list
        // showed the failed task and its pending replacement. Read as settled, a crash loop converged.
        List<SwarmTask> tasks = List.of(task("f0", "failed", "shutdown", "task: non-zero exit (3)", 1.8, false),
                task("next", "pending", "running", "", 1.85, false));

        ServiceVerdict verdict = judge(service(1, 1, null, false), tasks, 1.9);

        assertThat(verdict.state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(verdict.why()).startsWith("0/1 running in the task list (the service reads 1/1)").contains("task pending");
    }

    @Test
    void aHealthCheckedTaskCountsAsSoonAsItIsRunningBecauseTheSwarmHeldItUntilHealthy() {
        assertThat(judge(service(1, 1, null, false), List.of(task("t", "running", "running", "", 2, true)), 2.01).isSettled()).isTrue();
    }

    @Test
    void aTaskRunningAgainAfterAFailureOfThisDeployMustStayUpForTheRecoveryWindow() {
        // Seen under load: a task that exits 0.5 s after its start read "running" for over a second,
        // so a crash loop looked settled between two of its crashes.
        List<SwarmTask> tasks = new ArrayList<>(failures(1));
        tasks.add(task("again", "running", "running", "", 2, false));

        ServiceVerdict early = judge(service(1, 1, null, false), tasks, 4);
        ServiceVerdict later = judge(service(1, 1, null, false), tasks, 2 + ServiceVerdict.RECOVERED_AFTER.toSeconds() + 0.1);

        assertThat(early.state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(early.why()).contains("running for only 2000 ms (after a failed task: stable after "
                + ServiceVerdict.RECOVERED_AFTER.toMillis() + " ms)").contains("1 failed");
        assertThat(later.isSettled()).isTrue();
    }

    @Test
    void aHealthCheckedTaskAfterAFailureOfThisDeployMustStayUpForTheRecoveryWindowToo() {
        List<SwarmTask> tasks = new ArrayList<>(failures(2));
        tasks.add(task("again", "running", "running", "", 6, true));

        assertThat(judge(service(1, 1, null, false), tasks, 7).state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(judge(service(1, 1, null, false), tasks, 6 + ServiceVerdict.RECOVERED_AFTER.toSeconds() + 0.1)
                .isSettled()).isTrue();
    }

    @Test
    void twoFailuresAreNotYetACrashLoopThreeAre() {
        List<SwarmTask> two = new ArrayList<>(failures(2));
        two.add(task("now", "starting", "running", "", 5, true));
        List<SwarmTask> three = new ArrayList<>(failures(3));
        three.add(task("now", "starting", "running", "", 7, true));

        ServiceVerdict pending = judge(service(0, 1, null, false), two, 6);
        ServiceVerdict loop = judge(service(0, 1, null, false), three, 8);

        assertThat(pending.state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(pending.why()).isEqualTo("0/1, task starting (health check not yet passing), 2 failed (task: non-zero exit (1))");
        assertThat(loop.state()).isEqualTo(ServiceVerdict.State.CRASH_LOOP);
        assertThat(loop.why()).isEqualTo("3 tasks failed since the deploy began, the last: task: non-zero exit (1)");
        assertThat(loop.failedTasks()).extracting(SwarmTask::id).containsExactly("f2", "f1", "f0");
    }

    @Test
    void failuresOfAnEarlierDeployDoNotCount() {
        List<SwarmTask> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tasks.add(task("old" + i, "failed", "shutdown", "task: non-zero exit (1)", -30 + i, true));
        }
        tasks.add(task("now", "starting", "running", "", 1, true));

        assertThat(judge(service(0, 1, null, false), tasks, 2).state()).isEqualTo(ServiceVerdict.State.PENDING);
    }

    @Test
    void anOldTaskThatFailedWhileTheUpdateStoppedItIsNoFailureOfTheNewSpec() {
        List<SwarmTask> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // made before the deploy, ended "failed" after it (a stop-first update removing it)
            tasks.add(new SwarmTask("old" + i, "svc1", i + 1, "failed", "shutdown",
                    "error while removing network: unknown network st_internal id h13tg", "", "c" + i,
                    DEPLOY.minusSeconds(60), DEPLOY.plusSeconds(2), true));
        }
        tasks.add(task("new", "starting", "running", "", 3, true));

        ServiceVerdict verdict = judge(service(0, 3, "updating", true), tasks, 4);

        assertThat(verdict.state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(verdict.failedTasks()).isEmpty();
    }

    @Test
    void aSlowFirstStartIsPendingHoweverLongItTakes() {
        SwarmTask starting = task("db", "starting", "running", "", 0.5, true);

        ServiceVerdict verdict = judge(service(0, 1, null, false), List.of(starting), 600);

        assertThat(verdict.state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(verdict.failedTasks()).isEmpty();
    }

    @Test
    void aMissingImageCannotHealAtItsFirstRefusal() {
        SwarmTask rejected = task("r", "rejected", "shutdown", "No such image: ccci/nope:1", 1, false);

        ServiceVerdict verdict = judge(service(0, 1, null, false), List.of(rejected), 1.5);

        assertThat(verdict.state()).isEqualTo(ServiceVerdict.State.CANNOT_HEAL);
        assertThat(verdict.why()).isEqualTo("task rejected: No such image: ccci/nope:1");
    }

    @Test
    void aMissingBindSourceOrSecretCannotHeal() {
        for (String error : List.of("invalid mount config for type \"bind\": bind source path does not exist: /srv/x",
                "secret st_api_token_v1 not found", "config not found: st_app_cgi_v1")) {
            SwarmTask rejected = task("r", "rejected", "shutdown", error, 1, false);
            assertThat(judge(service(0, 1, null, false), List.of(rejected), 1.5).state()).as(error)
                    .isEqualTo(ServiceVerdict.State.CANNOT_HEAL);
        }
    }

    @Test
    void aPausedUpdateFailsWithItsMessageAndARollbackInProgressIsLeftToTheSwarm() {
        ServiceVerdict paused = ServiceVerdict.of(
                new SwarmService("svc1", "st_store", Map.of(), 0, 1, Optional.of("paused"),
                        "update paused due to failure or early termination of task x", true),
                failures(1), DEPLOY, DEPLOY.plusSeconds(5), 3, STABLE_AFTER);
        ServiceVerdict rollingBack = judge(service(0, 1, "rollback_started", true), failures(4), 9);

        assertThat(paused.state()).isEqualTo(ServiceVerdict.State.UPDATE_FAILED);
        assertThat(paused.why()).isEqualTo("update paused: update paused due to failure or early termination of task x");
        assertThat(rollingBack.state()).isEqualTo(ServiceVerdict.State.PENDING);
        assertThat(rollingBack.why()).startsWith("0/1 rollback_started");
    }

    @Test
    void scaledToZeroIsSettled() {
        assertThat(judge(service(0, 0, null, false), List.of(task("t", "shutdown", "shutdown", "", 1, true)), 2).isSettled()).isTrue();
    }
}
