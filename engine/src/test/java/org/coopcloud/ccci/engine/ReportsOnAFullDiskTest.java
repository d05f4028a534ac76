package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.coopcloud.ccci.engine.launch.RunCommand;
import org.coopcloud.ccci.engine.testing.EngineRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that cannot write its reports is an infrastructure error (issue 18, item 9), on a real
 * full filesystem: a tmpfs of a few KB this test mounts (as root) and fills until the kernel answers
 * ENOSPC, not a mock. {@code bin/ccci run}'s JVM ({@link RunCommand}) runs the fixture recipe beta,
 * whose every rung passes, as a subprocess.
 */
class ReportsOnAFullDiskTest {
    @TempDir
    Path work;

    private final List<Path> mounts = new ArrayList<>();

    @Test
    void whenTheJunitXmlCannotBeWrittenTheRunIsAnInfrastructureErrorAndSaysSo() throws Exception {
        Path runDirectory = work.resolve("runs").resolve("c1");
        Path reports = fullFilesystemAt(runDirectory.resolve("reports")); // results.json fits, the XML does not

        Result run = runCommand("c1");

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("!! cc-ci: could not write the run's reports").contains("infrastructure error");
        Map<String, Object> results = JSON.std.mapFrom(Files.readString(runDirectory.resolve("results.json")));
        assertThat(results).containsEntry("verdict", "infrastructure-error").containsEntry("level", null);
        assertThat(String.valueOf(((Map<?, ?>) results.get("teardown")).get("reason")))
                .contains("could not write the run's reports");
        assertThat(Files.readString(runDirectory.resolve("events.jsonl"))).contains("\"reports.failed\"");
        try (Stream<Path> files = Files.list(reports)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no report cut short is left to be misread")
                    .doesNotContain("TEST-cc-ci.xml").allSatisfy(name -> assertThat(name).doesNotEndWith(".xml"));
        }
    }

    @Test
    void whenNothingCanBeWrittenTheRunFailsSaysSoAndLeavesNoEmptyTempFile() throws Exception {
        Path runs = fullFilesystemAt(work.resolve("runs"));

        Result run = runCommand("c2");

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("!! cc-ci: could not write the run's reports");
        try (Stream<Path> files = Files.walk(runs)) {
            assertThat(files.map(Path::toString)).as("no temp file left behind").noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    /** Mounts a 16 KB tmpfs at {@code dir} and fills it until the kernel says ENOSPC. */
    private Path fullFilesystemAt(Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Files.createDirectories(dir);
        exec("mount", "-t", "tmpfs", "-o", "size=16k,mode=0755", "tmpfs", dir.toString());
        mounts.add(0, dir);
        byte[] block = new byte[1024];
        try (OutputStream fill = Files.newOutputStream(dir.resolve("fill"))) {
            for (int i = 0; i < 1024; i++) {
                fill.write(block);
                fill.flush();
            }
            throw new AssertionError("a 16 KB tmpfs took 1 MB");
        } catch (IOException e) {
            assertThat(e.getMessage()).as("the kernel's answer").containsIgnoringCase("space");
        }
        return dir;
    }

    private Result runCommand(String runId) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + Constants.SCAN_PACKAGES + "=" + EngineRuns.FIXTURES,
                "-D" + Constants.RUNS_DIR + "=" + work.resolve("runs"),
                RunCommand.class.getName(), "--run-id", runId,
                "--reports-dir", work.resolve("runs").resolve(runId).resolve("reports").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RECIPE", "beta");
        for (String inherited : List.of("REF", "PR", "SRC", "STAGES", "CCCI_QUICK", "DRONE_BUILD_NUMBER", "CCCI_RUN_ID")) {
            builder.environment().remove(inherited);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }

    private static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path mount : mounts) {
            exec("umount", mount.toString());
        }
    }
}
