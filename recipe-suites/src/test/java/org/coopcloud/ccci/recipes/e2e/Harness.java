package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.harness.deploy.StackObjects;
import org.coopcloud.ccci.harness.deploy.StackResidue;
import org.coopcloud.ccci.harness.docker.DockerClient;

/**
 * Runs the real harness as operators and Drone do: {@code bin/ccci run} (or under
 * {@code bin/drone-step}) as a child process, against the sandbox's swarm with the abra stand-in,
 * in a runs dir of the test's own and the domain suffix and lock dir of its {@link E2eBuild} (so its
 * janitor never meets another build's apps, and respects the live runs of its own). Then reads what
 * the run left: exit status, output, results.json, events.jsonl, and what of its stack remains on
 * the swarm.
 */
final class Harness {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final Path runs;
    private final Path canonical;
    private final E2eBuild build;

    Harness(Path work) throws IOException {
        this(work, E2eBuild.current());
    }

    Harness(Path work, E2eBuild build) throws IOException {
        this.runs = Files.createDirectories(work.resolve("runs"));
        this.canonical = work.resolve("canonical"); // made by the first canonical command
        this.build = build;
    }

    E2eBuild build() {
        return build;
    }

    /**
     * The environment every run of this harness gets (bin/ccci janitor needs the same). Canonical
     * apps are the harness's own too: a run never meets the host's warm apps by accident.
     */
    Map<String, String> baseEnvironment() {
        return Map.of("CCCI_RUNS_DIR", runs.toString(), "CCCI_APP_LOCK_DIR", build.lockDir().toString(),
                "CCCI_DOMAIN_SUFFIX", build.suffix(), "CCCI_ABRA", ROOT.resolve("sandbox").resolve("abra").toString(),
                "CCCI_CANONICAL_DIR", canonical.toString());
    }

    /** Where this harness's canonical apps are recorded ({@code CCCI_CANONICAL_DIR}). */
    Path canonicalDir() {
        return canonical;
    }

    /** {@code bin/ccci <args>} (canonical, janitor, ...) to its end, within 10 minutes. */
    Finished ccci(String id, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin").resolve("ccci").toString()));
        command.addAll(List.of(args));
        return finish(id, start(id, Map.of(), command), Duration.ofMinutes(10));
    }

    /** A finished run. */
    record Finished(String runId, int status, String output, Map<String, Object> results, List<Map<String, Object>> events) {
        @SuppressWarnings("unchecked")
        Map<String, Object> rung(String stage) {
            return ((List<Map<String, Object>>) results.get("rungs")).stream()
                    .filter(r -> stage.equals(r.get("stage"))).findFirst().orElseThrow();
        }

        List<String> eventNames() {
            return events.stream().map(e -> String.valueOf(e.get("event"))).toList();
        }

        /** The first event of this name. */
        Map<String, Object> event(String name) {
            return events.stream().filter(e -> name.equals(e.get("event"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " event in " + eventNames()));
        }

        long count(String event) {
            return eventNames().stream().filter(event::equals).count();
        }

        String stack() {
            return String.valueOf(results.get("stack"));
        }
    }

    Process start(String runId, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(runs.resolve(runId + ".log").toFile());
        for (String inherited : List.of("RECIPE", "REF", "PR", "SRC", "STAGES", "CCCI_QUICK", "DRONE_BUILD_NUMBER",
                "UPGRADE_BASE_VERSION")) {
            builder.environment().remove(inherited);
        }
        builder.environment().putAll(baseEnvironment());
        builder.environment().put("CCCI_RUN_ID", runId);
        // An empty value unsets the variable (a run "with no variable set").
        env.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return builder.start();
    }

    Process startRun(String runId, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin").resolve("ccci").toString(), "run"));
        command.addAll(List.of(args));
        return start(runId, env, command);
    }

    Finished run(String runId, Map<String, String> env, String... args) throws Exception {
        return finish(runId, startRun(runId, env, args), Duration.ofMinutes(10));
    }

    Finished finish(String runId, Process process, Duration limit) throws Exception {
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("run " + runId + " did not finish in " + limit + ":\n" + output(runId));
        }
        return new Finished(runId, process.exitValue(), output(runId), results(runId), events(runId));
    }

    /** The runs dir: every run's directory and console log. */
    Path runs() {
        return runs;
    }

    String output(String runId) throws IOException {
        return Files.readString(runs.resolve(runId + ".log"), StandardCharsets.UTF_8);
    }

    Map<String, Object> results(String runId) throws IOException {
        Path file = runs.resolve(runId).resolve("results.json");
        return Files.exists(file) ? JSON.std.mapFrom(Files.readString(file)) : Map.of();
    }

    List<Map<String, Object>> events(String runId) throws IOException {
        Path file = runs.resolve(runId).resolve("events.jsonl");
        List<Map<String, Object>> events = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    events.add(new LinkedHashMap<>(JSON.std.mapFrom(line)));
                }
            }
        }
        return events;
    }

    /** Waits until the run's event stream has the event (the run is at that point). */
    void awaitEvent(String runId, String event, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(200))
                .until(() -> events(runId).stream().anyMatch(e -> event.equals(e.get("event"))));
    }

    /** The run exited 0, passed at level 4, and every rung from install to custom was a pass. */
    static void assertWholeLadderPassed(Finished run) {
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.results()).containsEntry("level", 4).containsEntry("verdict", "passed");
        for (String stage : List.of("install", "upgrade", "backup", "restore", "custom")) {
            assertThat(run.rung(stage)).as(stage).containsEntry("status", "pass");
        }
    }

    /** Nothing of the stack remains: services, containers, networks, volumes, secrets, configs. */
    static void assertNothingLeft(String stack) throws InterruptedException {
        StackResidue residue = new StackObjects(DockerClient.fromEnvironment()).residue(stack);
        assertThat(residue.isClean()).as("what is left of %s: %s", stack, residue.describe()).isTrue();
    }

    /** The app lock of the domain is free: flock(1) can take it without waiting. */
    void assertLockFree(String domain) throws Exception {
        Path lockFile = build.lockDir().resolve("cc-ci-app-" + domain + ".lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        Process flock = new ProcessBuilder("flock", "--nonblock", lockFile.toString(), "true").start();
        assertThat(flock.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(flock.exitValue()).as("flock -n on %s", lockFile).isZero();
    }
}
