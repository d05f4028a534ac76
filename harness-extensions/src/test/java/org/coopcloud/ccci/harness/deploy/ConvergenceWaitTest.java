package org.coopcloud.ccci.harness.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.docker.SwarmTask;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The convergence wait and the HTTP health probe on real stacks. */
class ConvergenceWaitTest {
    @RegisterExtension
    static final TestStacks STACKS = new TestStacks();
    private final DockerClient docker = STACKS.docker();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    private ConvergenceWait waitWithProgressEvery(Duration every) {
        return new ConvergenceWait(docker, line -> {
            System.out.println(line);
            progress.add(line);
        }, new ConvergenceWait.Timing(Duration.ofMillis(150), every, Duration.ofSeconds(20), Duration.ofSeconds(1)));
    }

    /** A new web stack at version 1, deployed and converged: what an update starts from. */
    private String convergedWebStack() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.webCompose("1", "stop-first"));
        assertThat(waitWithProgressEvery(Duration.ofSeconds(10)).await(stack, Duration.ofSeconds(60), began).converged()).isTrue();
        return stack;
    }

    @Test
    void newStackConvergesAndServesHttp() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.webCompose("1", "stop-first"));

        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(10)).await(stack, Duration.ofSeconds(60), began);

        assertThat(convergence.converged()).as(convergence.describe()).isTrue();
        assertThat(convergence.services()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo(stack + "_app");
            assertThat(s.runningTasks()).isEqualTo(1);
            assertThat(s.desiredTasks()).isEqualTo(1);
        });

        assertThat(docker.service(stack + "_app")).hasValueSatisfying(s -> {
            assertThat(s.labels()).containsEntry(DockerClient.STACK_LABEL, stack);
            assertThat(s.shortName()).isEqualTo("app");
            assertThat(s.updateState()).isEmpty();
        });
        assertThat(docker.service(stack + "_ap")).as("exact name, not the daemon's prefix match").isEmpty();

        HttpHealthProbe probe = new HttpHealthProbe(docker);
        HealthCheckResult root = probe.check(stack + "_app", HttpProbe.of(8080));
        assertThat(root.healthy()).as(root.detail()).isTrue();
        assertThat(root.status()).hasValue(200);

        HealthCheckResult redirect = probe.check(stack + "_app", HttpProbe.of(8080).withPath("/d"));
        assertThat(redirect.status()).as("the first answer, not the redirect's target").hasValue(302);
        assertThat(redirect.healthy()).isTrue();

        HealthCheckResult missing = probe.check(stack + "_app", HttpProbe.of(8080).withPath("/missing"));
        assertThat(missing.healthy()).isFalse();
        assertThat(missing.status()).hasValue(404);
        assertThat(missing.detail()).contains("answered 404").contains("expected one of [200, 301, 302]");

        HealthCheckResult strict = probe.check(stack + "_app", HttpProbe.of(8080).withPath("/d").accepting(java.util.Set.of(200)));
        assertThat(strict.healthy()).isFalse();

        HealthCheckResult closed = probe.check(stack + "_app", HttpProbe.of(9));
        assertThat(closed.healthy()).isFalse();
        assertThat(closed.status()).isEmpty();
        assertThat(closed.detail()).contains("no HTTP answer");
    }

    @Test
    void crashOnFirstCreateFailsAsACrashLoopLongBeforeTheTimeoutWithTheTaskErrorAndItsLog() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.crashingCompose("1", "pause", "1s"));

        Duration timeout = Duration.ofSeconds(60);
        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(2)).await(stack, timeout, began);
        System.out.println(convergence.describe());

        assertThat(convergence.outcome()).as(convergence.describe()).isEqualTo(Convergence.Outcome.CRASH_LOOP);
        assertThat(convergence.elapsed()).as("3 failures with a 1 s restart delay, not the timeout")
                .isLessThan(timeout.dividedBy(5));
        assertThat(convergence.describe()).startsWith(stack + " did not converge in ").contains("keeps failing");
        assertThat(convergence.detail())
                .contains("service " + stack + "_app: 3 tasks failed since the deploy began, the last: task: non-zero exit (3)")
                .contains("log lines of task")
                .contains("| starting");
        assertThat(convergence.cause()).hasValueSatisfying(cause -> {
            assertThat(cause.where()).contains("app");
            assertThat(cause.summary()).isEqualTo("app keeps failing (3 tasks failed, the last: task: non-zero exit (3))");
            assertThat(cause.lines()).as("the log's last lines, not a dump").isNotEmpty().hasSizeLessThanOrEqualTo(5)
                    .anyMatch(l -> l.contains("starting")).noneMatch(l -> l.contains("task "));
        });
    }

    @Test
    void anAppThatExitsUntilItsDatabaseListensConvergesOnceTheDatabaseAnswers() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.appWaitingOnDbCompose(25, false));

        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(3)).await(stack, Duration.ofSeconds(120), began);
        System.out.println(convergence.describe());

        assertThat(convergence.converged()).as(convergence.describe()).isTrue();
        assertThat(convergence.elapsed()).as("the db's 25 s first start").isGreaterThanOrEqualTo(Duration.ofSeconds(25));
        long appFailed = docker.tasksOfService(docker.service(stack + "_app").orElseThrow().id()).stream()
                .filter(SwarmTask::hasFailed).count();
        System.out.println("app tasks failed while the db started: " + appFailed + "; converged after " + convergence.elapsed());
        assertThat(appFailed).as("more failures than a crash loop takes: the app really failed while waiting")
                .isGreaterThanOrEqualTo(ConvergenceWait.Timing.DEFAULT.restartLimit());
        assertThat(progress).anyMatch(l -> l.contains("app ") && l.contains("tasks failed while db starts (waiting on it"));
    }

    @Test
    void anAppThatFailsWhileItsDatabaseRunsAndIsHealthyIsACrashLoopWithinSeconds() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.appWaitingOnDbCompose(0, true));

        Duration timeout = Duration.ofSeconds(120);
        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(3)).await(stack, timeout, began);
        System.out.println(convergence.describe());
        System.out.println("crash loop judged after " + convergence.elapsed());

        assertThat(convergence.outcome()).as(convergence.describe()).isEqualTo(Convergence.Outcome.CRASH_LOOP);
        assertThat(convergence.elapsed()).as("seconds, not the timeout").isLessThan(timeout.dividedBy(5));
        assertThat(convergence.detail()).contains("service " + stack + "_app: ").contains("| app: fatal: bad setting");
    }

    @Test
    void anAppStillFailingAfterItsDatabaseSettledIsACrashLoopSoonAfter() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.appWaitingOnDbCompose(8, true));

        Duration timeout = Duration.ofSeconds(120);
        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(3)).await(stack, timeout, began);
        System.out.println(convergence.describe());
        System.out.println("crash loop judged after " + convergence.elapsed());

        assertThat(convergence.outcome()).as(convergence.describe()).isEqualTo(Convergence.Outcome.CRASH_LOOP);
        assertThat(convergence.elapsed()).as("waited for the db's 8 s start, then judged").isGreaterThanOrEqualTo(Duration.ofSeconds(8))
                .isLessThan(timeout.dividedBy(4));
        assertThat(convergence.detail()).contains("| app: fatal: bad setting");
    }

    @Test
    void aServiceStillStartingIsPendingUntilTheTimeoutNeverAFailureAndSaysWhatItWaitsFor() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.slowStartCompose(600));

        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(2)).await(stack, Duration.ofSeconds(7), began);
        System.out.println(convergence.describe());

        assertThat(convergence.outcome()).isEqualTo(Convergence.Outcome.TIMED_OUT);
        assertThat(convergence.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(7)).isLessThan(Duration.ofSeconds(9));
        assertThat(convergence.detail()).contains("service " + stack + "_app: 0/1, task starting (health check not yet passing)");
        assertThat(progress).isNotEmpty()
                .allMatch(l -> l.startsWith("== waiting for " + stack + " ("))
                .anyMatch(l -> l.contains("app 0/1, task starting (health check not yet passing)"));
        assertThat(progress.size()).isBetween(2, 4);
    }

    @Test
    void aSlowFirstStartWithAHealthCheckConvergesOnceHealthyWithoutFailingEarly() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.slowStartCompose(6));

        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(2)).await(stack, Duration.ofSeconds(60), began);

        assertThat(convergence.converged()).as(convergence.describe()).isTrue();
        assertThat(convergence.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        assertThat(new HttpHealthProbe(docker).check(stack + "_app", HttpProbe.of(8080)).healthy()).isTrue();
    }

    @Test
    void aMissingImageFailsAtItsFirstRefusalNamingTheImage() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.missingImageCompose());

        Duration timeout = Duration.ofSeconds(60);
        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(10)).await(stack, timeout, began);
        System.out.println(convergence.describe());

        assertThat(convergence.outcome()).as(convergence.describe()).isEqualTo(Convergence.Outcome.CANNOT_HEAL);
        assertThat(convergence.elapsed()).isLessThan(timeout.dividedBy(5));
        assertThat(convergence.detail()).contains("service " + stack + "_app: task rejected: No such image: ccci/no-such-image:1")
                .contains("no container was created");
        assertThat(convergence.cause()).hasValueSatisfying(cause -> {
            assertThat(cause.summary()).startsWith("app cannot start: task rejected: No such image: ccci/no-such-image:1");
            assertThat(cause.lines()).singleElement().asString().contains("No such image");
        });
    }

    @Test
    void aBindMountWithoutItsSourceFailsAtItsFirstRefusal() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.missingBindSourceCompose());

        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(10)).await(stack, Duration.ofSeconds(60), began);

        assertThat(convergence.outcome()).as(convergence.describe()).isEqualTo(Convergence.Outcome.CANNOT_HEAL);
        assertThat(convergence.detail()).contains("bind source path does not exist");
    }

    @Test
    void taskThatKeepsRestartingNeverReadsAsConvergedThoughItIsOftenOneOfOne() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.flappingCompose());

        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(10)).await(stack, Duration.ofSeconds(20), began);
        System.out.println(convergence.describe());

        assertThat(convergence.outcome()).isEqualTo(Convergence.Outcome.CRASH_LOOP);
        assertThat(convergence.detail()).contains("non-zero exit (3)");
    }

    @Test
    void aTaskReadAsRunningWhoseContainerHasExitedIsNotBorneOut() throws InterruptedException {
        // The swarm records a task's exit 0.09-0.17 s after its container's process exited: a task list
        // read in between says running. Recorded task states against real containers, since no poll
        // lands in that gap reliably.
        String exited = SwarmTestSupport.uniqueName();
        String running = SwarmTestSupport.uniqueName();
        try {
            assertThat(SwarmTestSupport.run("docker", "run", "--name", exited, SwarmTestSupport.IMAGE, "true").exitCode()).isZero();
            assertThat(SwarmTestSupport.run("docker", "run", "-d", "--name", running, SwarmTestSupport.IMAGE, "sleep", "60")
                    .exitCode()).isZero();
            SwarmService service = new SwarmService("svc1", "st_app", Map.of(DockerClient.STACK_LABEL, "st"), 1, 1, Optional.empty(), "", false);
            Instant at = Instant.now().minusSeconds(5);

            Function<String, SwarmTask> readAsRunning = container -> new SwarmTask("task1", "svc1", 1, "running",
                    "running", "", "started", container, at, at, false);

            assertThat(ConvergenceWait.notBorneOutByContainers(docker, List.of(service), List.of(readAsRunning.apply(exited))))
                    .hasValueSatisfying(why -> assertThat(why).startsWith("app task task1 reads running, but its container exited at ")
                            .endsWith("(the swarm has not recorded it yet)"));
            assertThat(ConvergenceWait.notBorneOutByContainers(docker, List.of(service), List.of(readAsRunning.apply(running))))
                    .isEmpty();
            assertThat(ConvergenceWait.notBorneOutByContainers(docker, List.of(service),
                    List.of(readAsRunning.apply("0000000000000000000000000000000000000000000000000000000000000000"))))
                    .as("a container on another node: the swarm's word stands").isEmpty();
        } finally {
            SwarmTestSupport.run("docker", "rm", "-f", exited, running);
        }
    }

    @Test
    void stopFirstUpdateConvergesOnlyOnceTheUpdateCompleted() throws InterruptedException {
        String stack = convergedWebStack();

        // The wait starts the moment the deploy returns: the daemon may not have marked the
        // update as started yet, while the old task still reads 1/1.
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.webCompose("2", "stop-first"));
        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(10)).await(stack, Duration.ofSeconds(60), began);

        assertThat(convergence.converged()).as(convergence.describe()).isTrue();
        assertThat(convergence.services()).singleElement().satisfies(s -> {
            assertThat(s.updateState()).hasValue("completed");
            assertThat(s.runningTasks()).isEqualTo(1);
        });
        SwarmTask running = docker.tasksOfService(stack + "_app").stream().filter(SwarmTask::isRunning).findFirst().orElseThrow();
        assertThat(docker.exec(running.containerId(), List.of("sh", "-c", "echo $VERSION"), Duration.ofSeconds(10)).stdout())
                .as("the task running once converged is the new version's")
                .isEqualTo("2\n");
        HealthCheckResult health = new HttpHealthProbe(docker).check(stack + "_app", HttpProbe.of(8080));
        assertThat(health.healthy()).as(health.detail()).isTrue();
    }

    @Test
    void crashLoopingUpdateIsPausedAndReportedAsFailedWithTheMessage() throws InterruptedException {
        String stack = convergedWebStack();

        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.crashingCompose("2"));
        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(10)).await(stack, Duration.ofSeconds(90), began);
        System.out.println(convergence.describe());

        assertThat(convergence.outcome()).as(convergence.describe()).isEqualTo(Convergence.Outcome.UPDATE_FAILED);
        assertThat(convergence.services()).singleElement().satisfies(s -> assertThat(s.updateState()).hasValue("paused"));
        assertThat(convergence.detail())
                .contains("service " + stack + "_app:")
                .contains("update paused")
                .contains("non-zero exit (3)");
    }

    @Test
    void updateRolledBackIsReportedAsFailed() throws InterruptedException {
        String stack = convergedWebStack();

        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.crashingCompose("2", "rollback"));
        Convergence convergence = waitWithProgressEvery(Duration.ofSeconds(10)).await(stack, Duration.ofSeconds(90), began);
        System.out.println(convergence.describe());

        assertThat(convergence.outcome()).as(convergence.describe()).isEqualTo(Convergence.Outcome.UPDATE_FAILED);
        assertThat(convergence.services()).singleElement()
                .satisfies(s -> assertThat(s.updateState()).hasValue("rollback_completed"));
        assertThat(convergence.detail()).contains("update rollback_completed");
    }

    @Test
    void scalingToZeroAndBackConverges() throws InterruptedException {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.webCompose("1", "stop-first"));
        ConvergenceWait wait = waitWithProgressEvery(Duration.ofSeconds(10));
        assertThat(wait.await(stack, Duration.ofSeconds(60), began).converged()).isTrue();

        Instant scaledDown = Instant.now();
        docker.scaleService(stack + "_app", 0);
        Convergence down = wait.await(stack, Duration.ofSeconds(60), scaledDown);
        assertThat(down.converged()).as(down.describe()).isTrue();
        assertThat(down.services()).singleElement().satisfies(s -> assertThat(s.desiredTasks()).isZero());
        assertThat(docker.containers(org.coopcloud.ccci.harness.docker.Filters.label("com.docker.swarm.service.name=" + stack + "_app")))
                .allMatch(c -> !c.state().equals("running"));

        Instant scaledUp = Instant.now();
        docker.scaleService(stack + "_app", 1);
        Convergence up = wait.await(stack, Duration.ofSeconds(60), scaledUp);
        assertThat(up.converged()).as(up.describe()).isTrue();
        assertThat(up.services()).singleElement().satisfies(s -> assertThat(s.runningTasks()).isEqualTo(1));
        assertThat(new HttpHealthProbe(docker).check(stack + "_app", HttpProbe.of(8080)).healthy()).isTrue();
    }

    @Test
    void waitIsInterruptedAtOnce() throws Exception {
        String stack = STACKS.newName();
        Instant began = SwarmTestSupport.deployStack(stack, TestStacks.crashingCompose("1"));
        ConvergenceWait wait = waitWithProgressEvery(Duration.ofSeconds(10));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                wait.await(stack, Duration.ofMinutes(5), began);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        waiter.start();
        Thread.sleep(1500);
        long interruptedAt = System.nanoTime();
        waiter.interrupt();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void stackWithoutServicesEndsAfterTheGracePeriod() throws InterruptedException {
        String stack = SwarmTestSupport.uniqueName(); // never deployed
        ConvergenceWait wait = new ConvergenceWait(docker, progress::add,
                new ConvergenceWait.Timing(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(1)));

        Convergence convergence = wait.await(stack, Duration.ofSeconds(30), Instant.now());

        assertThat(convergence.outcome()).isEqualTo(Convergence.Outcome.NO_SERVICES);
        assertThat(convergence.elapsed()).isLessThan(Duration.ofSeconds(3));
        assertThat(convergence.describe()).contains(stack + " has no services").contains("com.docker.stack.namespace=" + stack);
    }

    @Test
    void noServicesGraceCoversTheGapRightAfterADeploy() throws Exception {
        String stack = STACKS.newName();
        Instant began = Instant.now();
        CompletableFuture<Convergence> convergence = CompletableFuture.supplyAsync(() -> {
            try {
                return waitWithProgressEvery(Duration.ofSeconds(10)).await(stack, Duration.ofSeconds(60), began);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1000); // the wait starts before the stack exists
        SwarmTestSupport.deployStack(stack, TestStacks.webCompose("1", "stop-first"));

        assertThat(convergence.get(60, TimeUnit.SECONDS).converged()).isTrue();
    }
}
