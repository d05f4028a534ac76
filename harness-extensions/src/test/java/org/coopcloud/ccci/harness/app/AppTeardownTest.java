package org.coopcloud.ccci.harness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.lifetime.TeardownBudget;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teardown must fail loudly when something of the stack cannot be removed: here a volume labelled
 * for the stack is held by a container outside the stack, on the real daemon, through the abra
 * stand-in (which has nothing to undeploy for this domain, as after a crash). The app's .env then
 * stays, as a trace for the janitor.
 */
class AppTeardownTest {
    private static final Path STAND_IN = Path.of("..", "sandbox", "abra").toAbsolutePath().normalize();

    @TempDir
    Path abraDir;

    private final String stack = "tdt-" + HexFormat.of().formatHex(
            java.nio.ByteBuffer.allocate(4).putInt(ThreadLocalRandom.current().nextInt()).array()) + "_teardown_test";
    private final DockerObjects made = new DockerObjects();

    @Test
    void aVolumeThatCannotBeRemovedFailsTheTeardownNamingIt() throws Exception {
        String volume = stack + "_data";
        made.make(List.of("volume", "rm", "-f", volume), "volume", "create", "--label",
                "com.docker.stack.namespace=" + stack, volume);
        made.make(List.of("rm", "-f", stack + "-holder"), "run", "-d", "--name", stack + "-holder", "-v", volume + ":/data",
                "ccci/busybox:1", "sleep", "300");
        Files.createDirectories(abraDir.resolve("servers/default"));
        AbraCli abra = new AbraCli(STAND_IN.toString(),
                new ProcessRunner().withEnvironment(Map.of("ABRA_DIR", abraDir.toString())), Duration.ofMinutes(2));
        String domain = stack.replace("_teardown_test", ".teardown.test");
        Path env = Files.writeString(abraDir.resolve("servers/default/" + domain + ".env"), "TYPE=demo-web\n");

        assertThatThrownBy(() -> new AppTeardown(abra, DockerClient.fromEnvironment(), line -> { })
                .tearDown(domain, stack, new AppEnv(env)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("teardown of " + stack + " left")
                .hasMessageContaining(volume);
        assertThat(env).as("the trace the janitor's next sweep acts on").exists();
    }

    @Test
    void aTeardownAfterAnAbortStopsWhenItsBudgetIsSpentAndNamesWhatIsLeft() throws Exception {
        // A container of the stack that does not go (here: not a swarm task, so nothing removes it):
        // the wait for it alone would take two minutes. After an abort, the budget cuts it short.
        String task = stack + "_app.1.stuck";
        made.make(List.of("rm", "-f", task), "run", "-d", "--label", "com.docker.stack.namespace=" + stack, "--name", task,
                "ccci/busybox:1", "sleep", "300");
        Files.createDirectories(abraDir.resolve("servers/default"));
        AbraCli abra = new AbraCli(STAND_IN.toString(),
                new ProcessRunner().withEnvironment(Map.of("ABRA_DIR", abraDir.toString())), Duration.ofMinutes(2));
        String domain = stack.replace("_teardown_test", ".teardown.test");
        Path env = Files.writeString(abraDir.resolve("servers/default/" + domain + ".env"), "TYPE=demo-web\n");
        RunAbort.request(143, "SIGTERM");

        long start = System.nanoTime();
        try (TeardownBudget budget = TeardownBudget.start(Duration.ofSeconds(3))) {
            assertThatThrownBy(() -> new AppTeardown(abra, DockerClient.fromEnvironment(), line -> { })
                    .tearDown(domain, stack, new AppEnv(env), budget))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("budget of 3 s after the abort was spent")
                    .hasMessageContaining(task);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(Thread.currentThread().isInterrupted()).as("no interrupt leaks past the budget").isFalse();
        assertThat(env).as("the trace the janitor's next sweep acts on").exists();
    }

    @AfterEach
    void removeWhatTheTestMade() throws Exception {
        RunAbort.resetForTesting();
        made.removeAll();
    }
}
