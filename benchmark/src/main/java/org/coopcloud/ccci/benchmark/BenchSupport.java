package org.coopcloud.ccci.benchmark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.coopcloud.ccci.harness.deploy.StackResidue;
import org.coopcloud.ccci.harness.deploy.StackTeardown;
import org.coopcloud.ccci.harness.docker.ContainerSummary;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.DockerObject;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SwarmService;

/**
 * What the platform benchmarks share: the repository root, child processes timed from launch to
 * exit (with the peak RSS of the harness JVM), memory of the benchmark's stacks' containers, and the
 * sweep that removes everything the benchmarks deployed, even after a failure.
 */
final class BenchSupport {
    /** Every benchmark app lives under this domain suffix, so the sweep can never touch anything else. */
    /** {@code CCCI_BENCH_DOMAIN_SUFFIX} keeps two people's benchmarks on one host out of each other's sweeps. */
    static final String DOMAIN_SUFFIX = System.getenv().getOrDefault("CCCI_BENCH_DOMAIN_SUFFIX", "bench.test");
    static final String STACK_SUFFIX = "_" + DOMAIN_SUFFIX.replace('.', '_');
    private static final String CONSOLE_JAR_NAME = "junit-platform-console-standalone";
    private static final String RUN_COMMAND = "org.coopcloud.ccci.engine.launch.RunCommand";

    private BenchSupport() {
    }

    /** The repository root: {@code -Dccci.root}, else the working directory when it holds bin/ccci, else from this class's location. */
    static Path root() {
        String configured = System.getProperty("ccci.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(cwd.resolve("bin/ccci"))) {
            return cwd;
        }
        try {
            // benchmark/target/classes -> the root
            Path classes = Path.of(BenchSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = classes.getParent().getParent().getParent();
            if (Files.isRegularFile(root.resolve("bin/ccci"))) {
                return root;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        throw new IllegalStateException("cannot find the repository root (run from it, or pass -Dccci.root=...)");
    }

/**
     * The start of every swarm benchmark: the sandbox up, leftovers of an interrupted run swept (and
     * a sweep on exit), and a fresh work dir with {@code runs/} and {@code locks/} for harness runs.
     */
    static Path prepareSwarmBenchmark(Path root, String workDirPrefix) throws IOException, InterruptedException {
        sandboxUp(root);
        sweepNowAndOnExit(DockerClient.fromEnvironment());
        Path work = Files.createTempDirectory(workDirPrefix);
        Files.createDirectories(work.resolve("runs"));
        Files.createDirectories(work.resolve("locks"));
        return work;
    }

        static void log(String line) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }

    /** {@code sandbox/sandbox up}: idempotent, about 0.3 s when everything is up. */
    static void sandboxUp(Path root) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(root.resolve("sandbox/sandbox").toString(), "up").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("sandbox up failed:\n" + out);
        }
        log(out.lines().reduce((a, b) -> b).orElse(out));
    }

    /** The environment of a harness run under the benchmark: its own suffix, runs dir, lock dir and abra wrapper. */
    static Map<String, String> harnessEnv(Path root, Path work, String runId, Path abraLog) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CCCI_ABRA", root.resolve("benchmark/src/main/sh/abra-timestamps.sh").toString());
        env.put("CCCI_BENCH_ABRA_REAL", root.resolve("sandbox/abra").toString());
        env.put("CCCI_BENCH_ABRA_LOG", abraLog.toString());
        // bin/ccci points runs on the stand-in at the sandbox's ingress only when CCCI_ABRA is the stand-in
        // itself; here it is the timestamping wrapper, so the ingress is named (recipes reached by domain).
        env.put("CCCI_INGRESS", "http://127.0.0.1:" + System.getenv().getOrDefault("CCCI_INGRESS_PORT", "8480"));
        env.put("CCCI_DOMAIN_SUFFIX", DOMAIN_SUFFIX);
        env.put("CCCI_RUNS_DIR", work.resolve("runs").toString());
        env.put("CCCI_APP_LOCK_DIR", work.resolve("locks").toString());
        env.put("CCCI_RUN_ID", runId);
        return env;
    }

    /** One finished child: wall time from launch to exit, and the harness JVM's peak RSS when it ran one. */
    record Timed(Instant launched, long wallMs, int exit, Path output, long jvmPeakRssKb) {
        String text() throws IOException {
            return Files.readString(output);
        }

        /** bin/ccci rebuilt the harness first (someone changed a source): the round measured a Maven build. */
        boolean rebuilt() throws IOException {
            return text().contains("building the harness");
        }
    }

    /**
     * After a bin/ccci run that rebuilt the harness (and then ran, so the build succeeded): moves the
     * mtime of bin/ccci's build stamp, recipe-suites/target/ccci.classpath, to now. The build does not
     * (the dependency plugin leaves an unchanged classpath file alone), so without this every later
     * bin/ccci run rebuilds again once any source is newer than the stamp, and each round would time
     * Maven instead of the run. See docs/performance.md, "Problems seen".
     */
    static void markHarnessBuilt(Path root) throws IOException {
        Path stamp = root.resolve("recipe-suites/target/ccci.classpath");
        Files.setLastModifiedTime(stamp, java.nio.file.attribute.FileTime.from(Instant.now()));

        log("bin/ccci rebuilt the harness: moved the mtime of " + stamp + " to now (the build leaves it unchanged)");
    }

    /**
     * Runs a command to its end with stdout and stderr in {@code output}, timing it from just before
     * launch to exit. While it runs, samples VmHWM of the process (bin/ccci {@code exec}s the console
     * launcher's JVM in the same pid) every 100 ms.
     */
    static Timed run(List<String> command, Map<String, String> env, Path output, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        // The harness reads these from the environment: none may leak in from the caller's shell.
        for (String key : List.of("RECIPE", "REF", "PR", "SRC", "STAGES", "CCCI_QUICK", "DRONE_BUILD_NUMBER", "CCCI_RUN_ID",
                "JAVA_TOOL_OPTIONS", "CCCI_JAVA_OPTS", "ABRA_DIR")) {
            environment.remove(key);
        }
        environment.putAll(env);
        Instant launched = Instant.now();
        long start = System.nanoTime();
        Process process = builder.start();
        long peakKb = 0;
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        long deadline = start + timeout.toNanos();
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, jvmHwmKb(status, cmdline));
            if (System.nanoTime() > deadline) {
                process.destroy(); // SIGTERM: the harness tears down
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                throw new IllegalStateException(String.join(" ", command) + " ran over " + timeout.toSeconds() + " s; see " + output);
            }
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        return new Timed(launched, wallMs, process.exitValue(), output, peakKb);
    }

    /** A finished child that exited 0, with the peak memory of the benchmark's containers while it ran. */
    record Measured(Timed timed, long peakContainerBytes, int peakContainers) {
    }

    /** {@link #run} with a {@link ContainerMemory} sampler around it; a non-zero exit fails with the output's tail. */
    static Measured measure(DockerClient docker, String what, List<String> command, Map<String, String> env, Path output,
            Duration timeout) throws IOException, InterruptedException {
        Timed timed;
        ContainerMemory memory = new ContainerMemory(docker);
        try {
            timed = run(command, env, output, timeout);
        } finally {
            memory.close();
        }
        if (timed.exit() != 0) {
            List<String> lines = timed.text().lines().toList();
            throw new IllegalStateException(what + " exited " + timed.exit() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return new Measured(timed, memory.peakBytes(), memory.peakContainers());
    }

    /** VmHWM (kB) of the process when it is the console launcher's JVM, else 0. */
    private static long jvmHwmKb(Path status, Path cmdline) {
        try {
            String args = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            if (!args.contains(CONSOLE_JAR_NAME) && !args.contains(RUN_COMMAND)) {
                return 0;
            }
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between two looks
        }
        return 0;
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static <T> long median(List<T> items, Function<T, Long> value) {
        return median(items.stream().map(value).toList());
    }

    static String seconds(long ms) {
        return String.format("%.1f s", ms / 1000.0);
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    // ---- memory of the benchmark's containers -------------------------------------------------------

    /**
     * Samples, every 250 ms, the memory of every running container of a {@code *_bench_test} stack
     * from its cgroup (usage minus inactive file cache, as {@code docker stats} shows it) and keeps
     * the peak of their sum, and the most containers seen at once.
     */
    static final class ContainerMemory implements AutoCloseable {
        private final DockerClient docker;
        private final Thread thread;
        private volatile boolean stop;
        private volatile long peakBytes;
        private volatile int peakContainers;
        private volatile String error = "";

        ContainerMemory(DockerClient docker) {
            this.docker = docker;
            this.thread = new Thread(this::loop, "container-memory");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (!stop) {
                try {
                    long sum = 0;
                    int count = 0;
                    for (ContainerSummary c : docker.containers(Filters.label(DockerClient.STACK_LABEL))) {
                        if (!"running".equals(c.state())
                                || !c.labels().getOrDefault(DockerClient.STACK_LABEL, "").endsWith(STACK_SUFFIX)) {
                            continue;
                        }
                        long bytes = cgroupBytes(c.id());
                        if (bytes > 0) {
                            sum += bytes;
                            count++;
                        }
                    }
                    peakBytes = Math.max(peakBytes, sum);
                    peakContainers = Math.max(peakContainers, count);
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    error = String.valueOf(e.getMessage());
                }
            }
        }

        long peakBytes() {
            return peakBytes;
        }

        int peakContainers() {
            return peakContainers;
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.interrupt();
            thread.join(5_000);
            if (!error.isEmpty()) {
                log("container memory sampling had an error: " + error);
            }
        }
    }

    /** A container's memory from its cgroup (v1 cgroupfs or systemd, or v2), minus inactive file cache; 0 if gone. */
    static long cgroupBytes(String id) {
        List<Path> v1 = List.of(Path.of("/sys/fs/cgroup/memory/docker", id),
                Path.of("/sys/fs/cgroup/memory/system.slice", "docker-" + id + ".scope"));
        for (Path dir : v1) {
            Long usage = readLong(dir.resolve("memory.usage_in_bytes"));
            if (usage != null) {
                return Math.max(0, usage - stat(dir.resolve("memory.stat"), "total_inactive_file"));
            }
        }
        List<Path> v2 = List.of(Path.of("/sys/fs/cgroup/system.slice", "docker-" + id + ".scope"), Path.of("/sys/fs/cgroup/docker", id));
        for (Path dir : v2) {
            Long usage = readLong(dir.resolve("memory.current"));
            if (usage != null) {
                return Math.max(0, usage - stat(dir.resolve("memory.stat"), "inactive_file"));
            }
        }
        return 0;
    }

    private static Long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static long stat(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key + " ")) {
                    return Long.parseLong(line.substring(key.length() + 1).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return 0;
    }

    // ---- cleanup --------------------------------------------------------------------------------------

    /**
     * Removes every stack whose name ends in {@code _bench_test} (services, then containers and
     * networks awaited, volumes, secrets, configs) and the harness's .env files of such apps in the
     * canonical abra home; returns what could not be removed. Only this suffix is ever touched.
     */
    static List<String> sweep(DockerClient docker) throws InterruptedException {
        Set<String> stacks = new TreeSet<>();
        for (SwarmService s : docker.services(Filters.none())) {
            addStack(stacks, s.name());
        }
        for (ContainerSummary c : docker.containers(Filters.label(DockerClient.STACK_LABEL))) {
            addStack(stacks, c.labels().getOrDefault(DockerClient.STACK_LABEL, "") + "_");
        }
        for (DockerObject o : docker.volumes(Filters.none())) {
            addStack(stacks, o.name());
        }
        for (DockerObject o : docker.secrets(Filters.none())) {
            addStack(stacks, o.name());
        }
        for (DockerObject o : docker.networks(Filters.none())) {
            addStack(stacks, o.name());
        }
        List<String> left = new ArrayList<>();
        StackTeardown teardown = new StackTeardown(docker, BenchSupport::log);
        for (String stack : stacks) {
            log("sweep: removing what is left of " + stack);
            StackResidue residue = teardown.tearDown(stack, Duration.ofSeconds(90));
            if (!residue.isClean()) {
                left.add(residue.describe());
            }
        }
        Path servers = Path.of(System.getenv().getOrDefault("CCCI_ABRA_HOME", System.getProperty("user.home") + "/.abra"),
                "servers", "default");
        if (Files.isDirectory(servers)) {
            try (DirectoryStream<Path> envs = Files.newDirectoryStream(servers, "*." + DOMAIN_SUFFIX + ".env")) {
                for (Path env : envs) {
                    Files.deleteIfExists(env);
                    log("sweep: removed " + env);
                }
            } catch (IOException e) {
                left.add("env files in " + servers + ": " + e.getMessage());
            }
        }
        Path backups = Path.of(System.getenv().getOrDefault("CCCI_SANDBOX_DIR", "/var/lib/cc-ci-sandbox"), "backups");
        if (Files.isDirectory(backups)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(backups, "*" + STACK_SUFFIX)) {
                for (Path dir : dirs) {
                    deleteTree(dir);
                    log("sweep: removed " + dir);
                }
            } catch (IOException e) {
                left.add("sandbox backups in " + backups + ": " + e.getMessage());
            }
        }
        return left;
    }

    private static void addStack(Set<String> stacks, String name) {
        int at = name.indexOf(STACK_SUFFIX + "_");
        if (at > 0) {
            stacks.add(name.substring(0, at + STACK_SUFFIX.length()));
        }
    }

    /**
     * Sweeps what an earlier, interrupted benchmark left, then arranges the same sweep at the end and
     * on Ctrl-C; failures of the sweep itself are reported, never hidden.
     *
     * <p>The sweep at the start also loads every class the final sweep needs: bin/ccci rebuilds the
     * harness when a source changed, rewriting the very jars this JVM runs from, after which a class
     * loaded for the first time could not be found any more.
     */
    static Thread sweepNowAndOnExit(DockerClient docker) throws InterruptedException {
        List<String> earlier = sweep(docker);
        if (!earlier.isEmpty()) {
            throw new IllegalStateException("leftovers of an earlier benchmark could not be removed: " + earlier);
        }
        new StackTeardown(docker, BenchSupport::log).tearDown("ccci-preload" + STACK_SUFFIX, Duration.ofSeconds(1));
        try {
            Class.forName("org.coopcloud.ccci.harness.docker.DockerException");
            Class.forName(ContainerMemory.class.getName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        Thread hook = new Thread(() -> {
            try {
                List<String> left = sweep(docker);
                if (!left.isEmpty()) {
                    System.err.println("!! benchmark sweep left: " + left);
                }
            } catch (Exception e) {
                System.err.println("!! benchmark sweep failed: " + e);
            }
        }, "bench-sweep");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
