package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: a full demo-web run (every rung) ended at seeded random points, either by SIGTERM to the
 * harness or by SIGKILL of its JVM alone followed by one {@code bin/ccci janitor} sweep. After each:
 * the right exit status, nothing of the run's stack on the swarm (every object kind), its app lock
 * free, and no process the run started still alive.
 *
 * <p>{@code -Dccci.soak=N} sets the number of points (default 2: one of each kind, then random kinds);
 * the seed is printed first, and {@code -Dccci.soak.seed=S} replays a run of points exactly.
 */
class TerminationSoakEndToEndTest {
    /** A full demo-web run takes about 70 s on the development machine: most points land inside it. */
    private static final Duration LATEST_POINT = Duration.ofSeconds(60);

    enum Ending { TERM, KILL }

    @TempDir
    Path work;

    @Test
    void aFullRunEndedAtSeededRandomPointsLeavesNothingBehind() throws Exception {
        int points = Integer.getInteger("ccci.soak", 2);
        long seed = Optional.ofNullable(System.getProperty("ccci.soak.seed")).map(Long::parseLong)
                .orElseGet(() -> new SecureRandom().nextLong());
        System.out.println("== soak: " + points + " point(s), seed " + seed + " (replay: -Dccci.soak.seed=" + seed + ") ==");
        Random random = new Random(seed);
        Harness harness = new Harness(work);
        for (int point = 0; point < points; point++) {
            Ending ending = point < 2 ? Ending.values()[point] : Ending.values()[random.nextInt(2)];
            Duration delay = Duration.ofMillis(500 + random.nextInt((int) LATEST_POINT.toMillis()));
            String context = "soak seed " + seed + ", point " + point + ": " + ending + " after " + delay.toMillis() + " ms";
            System.out.println("== " + context + " ==");
            endRunAt(harness, point, ending, delay, context);
        }
    }

    private void endRunAt(Harness harness, int point, Ending ending, Duration delay, String context) throws Exception {
        String runId = "soak-" + point;
        int pr = 50 + point;
        String domain = RunNaming.domain("demo-web", Optional.of(pr), Optional.empty(), harness.build().suffix());
        Process run = harness.startRun(runId, Map.of(), "demo-web", "--pr", Integer.toString(pr));
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        Thread tracker = new Thread(() -> {
            while (run.isAlive()) {
                run.descendants().forEach(seen::add);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "soak-process-tracker");
        tracker.start();

        boolean endedFirst = run.waitFor(delay.toMillis(), TimeUnit.MILLISECONDS);
        boolean doneFirst = harness.events(runId).stream().anyMatch(e -> "run.done".equals(e.get("event")));
        if (!endedFirst) {
            new ProcessBuilder("kill", "-" + ending.name(), Long.toString(run.pid())).start().waitFor(10, TimeUnit.SECONDS);
        }
        Harness.Finished finished = harness.finish(runId, run, Duration.ofMinutes(6));
        tracker.interrupt();
        tracker.join();

        if (endedFirst) {
            assertThat(finished.status()).as("%s: the run ended by itself first\n%s", context, finished.output()).isZero();
        } else if (ending == Ending.TERM) {
            // A TERM after the run's reports were done still ends with 143 (the halt hook), so does one
            // before the JVM took over (bash's and the JVM's default action).
            assertThat(finished.status()).as("%s\n%s", context, finished.output()).isEqualTo(143);
            if (!doneFirst && finished.eventNames().contains("run.start")) {
                assertThat(finished.eventNames()).as(context).containsSubsequence("teardown.start", "teardown.done", "run.done");
            }
        } else {
            assertThat(finished.status()).as("%s\n%s", context, finished.output()).isEqualTo(137);
        }
        assertNoProcessAlive(seen, context);
        if (ending == Ending.KILL && !endedFirst) {
            janitorSweep(harness, context);
        }
        Harness.assertNothingLeft(RunNaming.stack(domain));
        harness.assertLockFree(domain);
    }

    /** Every process the run started is gone (the runner's children die with a killed JVM too). */
    private static void assertNoProcessAlive(Set<ProcessHandle> seen, String context) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && seen.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(100);
        }
        List<String> alive = seen.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        assertThat(alive).as("%s: processes of the run still alive", context).isEmpty();
    }

    /** The one janitor sweep after a SIGKILL: what the next run (or an operator) does. */
    private static void janitorSweep(Harness harness, String context) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Harness.ROOT.resolve("bin/ccci").toString(), "janitor")
                .directory(Harness.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(harness.baseEnvironment());
        Process janitor = builder.start();
        String output = new String(janitor.getInputStream().readAllBytes());
        assertThat(janitor.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(janitor.exitValue()).as("%s: bin/ccci janitor\n%s", context, output).isZero();
    }
}
