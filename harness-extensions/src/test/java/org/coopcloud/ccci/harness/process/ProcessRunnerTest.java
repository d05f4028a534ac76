package org.coopcloud.ccci.harness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes (sh, sleep): the point is what happens to real process trees. */
class ProcessRunnerTest {
    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner().withGracePeriod(Duration.ofMillis(500));
    private Long grandchild;

    @AfterEach
    void reapGrandchild() {
        if (grandchild != null) {
            ProcessHandle.of(grandchild).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void capturesOutputExitCodeEnvironmentDirectoryAndStdin() throws Exception {
        ProcessResult result = runner.withEnvironment(Map.of("FROM_RUNNER", "r"))
                .run(Command.of("sh", "-c", "echo \"$FROM_RUNNER $FROM_COMMAND $(pwd)\"; cat; echo oops >&2; exit 3")
                        .withEnvironment("FROM_COMMAND", "c").inDirectory(dir)
                        .withStdin("piped".getBytes(StandardCharsets.UTF_8)));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("r c " + dir.toRealPath() + "\npiped");
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void failureMessageIsRedacted() {
        ProcessRunner secretive = runner.withSecrets(List.of("tok-999"));
        assertThatThrownBy(() -> secretive.run(Command.of("sh", "-c", "echo token tok-999 leaked >&2; exit 1", "tok-999"))
                .requireSuccess())
                .isInstanceOf(ProcessFailedException.class)
                .hasMessageNotContaining("tok-999")
                .hasMessageContaining("exited 1");
    }

    @Test
    void timeoutEndsTheChildAndItsDescendants() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        Command command = Command.of("sh", "-c", "sleep 300 & echo $! > " + pidFile + "; wait")
                .withTimeout(Duration.ofSeconds(2));
        assertThatThrownBy(() -> runner.run(command)).isInstanceOf(ProcessTimeoutException.class)
                .hasMessageContaining("timed out");
        grandchild = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(grandchild).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void interruptEndsTheChildAndItsDescendantsAndThrows() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                runner.run(Command.of("sh", "-c", "sleep 300 & echo $! > " + pidFile + "; wait"));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        worker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        grandchild = Long.parseLong(Files.readString(pidFile).trim());
        long start = System.nanoTime();
        worker.interrupt();
        worker.join(10_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("descendants were ended");
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(grandchild).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void childThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
        Command stubborn = Command.of("sh", "-c", "trap '' TERM; while true; do sleep 0.1; done")
                .withTimeout(Duration.ofSeconds(1));
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.run(stubborn)).isInstanceOf(ProcessTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void unstartableProgramReportsWithoutSecrets() {
        assertThatThrownBy(() -> runner.run(Command.of("/nonexistent/abra", "password=hunter2")))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageNotContaining("hunter2");
    }
}
