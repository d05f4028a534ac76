package org.coopcloud.ccci.harness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.canonical.CanonicalRecord;
import org.coopcloud.ccci.harness.canonical.CanonicalStore;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.testing.TestRunContext;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;
import org.coopcloud.ccci.harness.workspace.RunWorkspaceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quick run's teardown (the canonical app's restore) after an abort keeps to
 * {@code CCCI_TEARDOWN_BUDGET_SECONDS}, as a cold run's does: here abra hangs on every call (a
 * stand-in that only sleeps), the canonical app is a real swarm service carrying the release's
 * version label, and the abort comes before teardown. The restore must stop when the budget is
 * spent, say so, and keep the mark, instead of sitting out abra's own timeout call after call.
 */
class QuickTeardownBudgetTest {
    private static final String RELEASE = "1.1.0+1.1";

    @TempDir
    Path work;

    private final String id = HexFormat.of().formatHex(
            java.nio.ByteBuffer.allocate(4).putInt(ThreadLocalRandom.current().nextInt()).array());
    private final DockerObjects made = new DockerObjects();

    @Test
    void theCanonicalRestoreAfterAnAbortStopsWhenTheTeardownBudgetIsSpent() throws Exception {
        String domain = "demo-web.q" + id + ".unit.test";
        String stack = RunNaming.stack(domain);
        // The canonical app as the swarm shows it: its app service, labelled with its release.
        made.make(List.of("service", "rm", stack + "_app"), "service", "create", "--detach", "--name", stack + "_app",
                "--label", "com.docker.stack.namespace=" + stack, "--label", "coop-cloud." + stack + ".version=" + RELEASE,
                "ccci/busybox:1", "sleep", "3600");
        Path hangingAbra = Files.writeString(work.resolve("abra"), "#!/bin/sh\n# test double: an abra that hangs\nexec sleep 3600\n");
        Files.setPosixFilePermissions(hangingAbra, PosixFilePermissions.fromString("rwxr-xr-x"));
        Duration abraTimeout = Duration.ofSeconds(90);
        ProcessRunner runner = new ProcessRunner();
        RunPlatform platform = new RunPlatform(runner, new AbraCli(hangingAbra.toString(), runner, abraTimeout),
                DockerClient.fromEnvironment());
        Path abraHome = Files.createDirectories(work.resolve("abra-home"));
        Path canonicalDir = work.resolve("canonical");
        new CanonicalStore(canonicalDir).write(new CanonicalRecord("demo-web", domain, RELEASE, Optional.empty(),
                Optional.empty(), Instant.now().toString()));
        TestRunContext run = TestRunContext.identifiedAs("quick-budget", work.resolve("run"), domain).quick()
                .with(CanonicalStore.PARAMETER, canonicalDir.toString())
                .with("ccci.abra.home", abraHome.toString())
                .with("ccci.teardown.budget.seconds", "3");
        RunWorkspace workspace = new RunWorkspaceBuilder(abraHome).build("quick-budget", work.resolve("run"),
                ProcessHandle.current().pid());
        run.store().put(RunPlatform.class, platform);
        run.store().put(RunWorkspace.class, workspace);
        DeployExtension extension = new DeployExtension();
        extension.beforeRun(run); // the app is at its release and unmarked: no abra call, it gets its mark
        assertThat(canonicalDir.resolve("demo-web/changed.json")).exists();

        RunAbort.request(143, "SIGTERM");
        long start = System.nanoTime();
        assertThatThrownBy(() -> extension.afterRun(run))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("teardown budget of 3 s after the abort was spent")
                .hasMessageContaining("keeps its mark");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // Not one of abra's timeouts was sat out (each call would wait 90 s for the hanging abra).
        assertThat(took).isLessThan(abraTimeout);
        assertThat(canonicalDir.resolve("demo-web/changed.json")).as("the mark the janitor repairs from").exists();
        assertThat(Thread.currentThread().isInterrupted()).as("no interrupt leaks past the budget").isFalse();
    }

    @AfterEach
    void removeWhatTheTestMade() throws Exception {
        RunAbort.resetForTesting();
        made.removeAll();
    }
}
