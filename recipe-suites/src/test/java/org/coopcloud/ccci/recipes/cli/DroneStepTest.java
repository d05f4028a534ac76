package org.coopcloud.ccci.recipes.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Drone step wrapper, bin/drone-step, with real processes and real signals. The harness here is
 * a small shell program that behaves as the harness does toward signals (TERM starts its teardown,
 * which takes a moment, then it exits 143) and starts a grandchild as abra would: the wrapper's
 * contract is about process groups and exit statuses, whatever the harness is. The real harness
 * under the wrapper is exercised by the platform's end-to-end tests.
 */
class DroneStepTest {
    private static final Path WRAPPER = Path.of("..", "bin", "drone-step").toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void aGreenRunExitsZero() throws Exception {
        assertThat(runToEnd("exit 0")).isZero();
    }

    @Test
    void aRedRunExitsWithTheHarnessStatus() throws Exception {
        assertThat(runToEnd("exit 1")).isEqualTo(1);
        assertThat(runToEnd("exit 2")).isEqualTo(2);
    }

    @Test
    void termToTheWrapperReachesTheWholeGroupWaitsForTeardownAndExits143() throws Exception {
        Path teardown = work.resolve("teardown-done");
        Path grandchild = work.resolve("grandchild.pid");
        String harness = "sleep 300 & echo $! > " + grandchild + "; "
                + "trap 'sleep 1; echo done > " + teardown + "; exit 143' TERM; "
                + "echo ready; while true; do sleep 0.1; done";
        Process wrapper = start(harness);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(grandchild) && Files.size(grandchild) > 0);
            long grandchildPid = Long.parseLong(Files.readString(grandchild).trim());

            new ProcessBuilder("kill", "-TERM", String.valueOf(wrapper.pid())).start().waitFor();

            assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(wrapper.exitValue()).isEqualTo(143);
            assertThat(teardown).as("the harness's teardown finished before the wrapper exited").exists();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(grandchildPid).map(p -> !p.isAlive()).orElse(true));
            String output = new String(wrapper.getInputStream().readAllBytes());
            assertThat(output).contains("TERM received").contains("harness exited with status 143");
        } finally {
            wrapper.descendants().forEach(ProcessHandle::destroyForcibly);
            wrapper.destroyForcibly();
        }
    }

    @Test
    void aSecondTermReachesNeitherTheHarnessNorTeardownsChildren() throws Exception {
        // The harness ignores the second TERM (as the JVM does during teardown), but teardown's own
        // child (abra app undeploy) keeps the default action: a forwarded group TERM would kill it.
        Path childStarted = work.resolve("teardown-child.pid");
        Path childDone = work.resolve("teardown-child-done");
        String harness = "teardown() { trap 'echo second TERM ignored' TERM; "
                + "bash -c 'echo $$ > " + childStarted + "; sleep 2; echo done > " + childDone + "' & child=$!; "
                + "while kill -0 $child 2>/dev/null; do wait $child; done; exit 143; }; "
                + "trap teardown TERM; echo ready; while true; do sleep 0.1; done";
        Process wrapper = start(harness);
        java.io.BufferedReader output = wrapper.inputReader();
        try {
            awaitOutputLine(output, "ready");
            new ProcessBuilder("kill", "-TERM", String.valueOf(wrapper.pid())).start().waitFor();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(childStarted) && Files.size(childStarted) > 0);
            new ProcessBuilder("kill", "-TERM", String.valueOf(wrapper.pid())).start().waitFor();

            assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(wrapper.exitValue()).isEqualTo(143);
            assertThat(childDone).as("teardown's child survived the second TERM and finished").exists();
            assertThat(output.lines().toList()).anySatisfy(l -> assertThat(l).contains("not forwarded"));
        } finally {
            wrapper.descendants().forEach(ProcessHandle::destroyForcibly);
            wrapper.destroyForcibly();
        }
    }

    @Test
    void nothingTheHarnessStartedOutlivesItEvenWhenItWasKilled() throws Exception {
        for (String end : List.of("exit 1", "kill -KILL $$")) {
            Path grandchild = work.resolve("left-" + end.length() + ".pid");
            Process wrapper = start("sleep 300 & echo $! > " + grandchild + "; sleep 0.2; " + end);
            assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(wrapper.exitValue()).isEqualTo(end.startsWith("exit") ? 1 : 137);
            long pid = Long.parseLong(Files.readString(grandchild).trim());
            await("the child left by a harness that ended with " + end).atMost(Duration.ofSeconds(5))
                    .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        }
    }

    /** Reads the wrapper's output until a line equals {@code expected}. */
    private static void awaitOutputLine(java.io.BufferedReader reader, String expected) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new AssertionError("the wrapper ended before printing " + expected);
    }

    private int runToEnd(String harness) throws Exception {
        Process wrapper = start(harness);
        assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return wrapper.exitValue();
    }

    private Process start(String harnessScript) throws IOException {
        return new ProcessBuilder(List.of(WRAPPER.toString(), "bash", "-c", harnessScript))
                .redirectErrorStream(true).start();
    }
}
