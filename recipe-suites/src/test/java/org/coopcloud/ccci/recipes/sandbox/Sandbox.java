package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Test helpers for driving the sandbox's real scripts and the real docker CLI from tests ({@link #git}
 * and {@link #sandboxDir} also serve the end-to-end tests).
 */
public final class Sandbox {
    static final Path ROOT = findRoot();
    static final Path SANDBOX = ROOT.resolve("sandbox/sandbox");
    /** The stand-in under test; the system property {@code ccci.standin} points at another copy (mutation checks). */
    static final Path STAND_IN = Path.of(System.getProperty("ccci.standin", ROOT.resolve("sandbox/abra").toString()));
    static final String UP_HINT = "run `bin/ccci sandbox up` (or sandbox/sandbox up) first";

    private Sandbox() {
    }

    /** The outcome of one process. */
    record Result(List<String> command, int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        String describe() {
            return String.join(" ", command) + " -> exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    static Result run(Map<String, String> env, Duration timeout, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command[0], e);
        }
        // A thread per stream (the common pool may have one thread on two cores: a full pipe would block).
        java.util.concurrent.Executor own = task -> {
            Thread t = new Thread(task, "drain");
            t.setDaemon(true);
            t.start();
        };
        CompletableFuture<String> out = CompletableFuture.supplyAsync(drain(p.getInputStream()), own);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(drain(p.getErrorStream()), own);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return fail("timed out after %s: %s\nstderr so far: %s", timeout, String.join(" ", command),
                        err.getNow(""));
            }
            return new Result(List.of(command), p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("reading the output of " + command[0], e);
        }
    }

    static Result docker(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "docker";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return run(Map.of(), Duration.ofSeconds(60), cmd);
    }

    /** Lines of a docker listing, failing the test when docker fails. */
    static List<String> dockerLines(String... args) {
        Result r = docker(args);
        if (!r.ok()) {
            fail("docker failed: %s", r.describe());
        }
        return lines(r.out());
    }

    static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.trim());
            }
        }
        return out;
    }

    /** Fails (never skips) with the hint to bring the sandbox up when docker or the swarm are not there. */
    static void requireSandboxUp() {
        Result v;
        try {
            v = run(Map.of(), Duration.ofSeconds(15), "docker", "info", "--format", "{{.Swarm.LocalNodeState}}");
        } catch (RuntimeException | AssertionError e) {
            fail("docker is not answering (%s): %s", e.getMessage(), UP_HINT);
            return;
        }
        if (!v.ok()) {
            fail("docker is not answering: %s\n%s", UP_HINT, v.describe());
        }
        if (!v.out().trim().equals("active")) {
            fail("the swarm is not active (node state %s): %s", v.out().trim(), UP_HINT);
        }
        if (!docker("image", "inspect", "ccci/busybox:1").ok()) {
            fail("the sandbox image ccci/busybox:1 is missing: %s", UP_HINT);
        }
    }

    /** Runs the stand-in under test with the given ABRA_DIR. */
    static Result abra(Path abraDir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = STAND_IN.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        return run(Map.of("ABRA_DIR", abraDir.toString()), Duration.ofSeconds(180), cmd);
    }

    /** {@code git -C repo args...}, failing the test when git fails; stdout trimmed. */
    public static String git(Path repo, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = repo.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Result r = run(Map.of(), Duration.ofSeconds(30), cmd);
        if (!r.ok()) {
            fail("git failed: %s", r.describe());
        }
        return r.out().trim();
    }

    /** Names of a stack's objects of one kind ({@code "service", "ls"}, {@code "ps", "-a"}, ...) by the stack label. */
    static List<String> byStackLabel(String stack, String... listing) {
        List<String> args = new ArrayList<>(List.of(listing));
        args.addAll(List.of("--filter", "label=com.docker.stack.namespace=" + stack, "--format",
                listing[0].equals("ps") ? "{{.Names}}" : "{{.Name}}"));
        return dockerLines(args.toArray(String[]::new));
    }

    /** External secrets carry no stack label: by exact name prefix (secret ls filters by prefix). */
    static List<String> secretsOf(String stack) {
        return dockerLines("secret", "ls", "--filter", "name=" + stack + "_", "--format", "{{.Name}}").stream()
                .filter(n -> n.startsWith(stack + "_")).toList();
    }

    /** A private ABRA_DIR for a test: {@code servers/default/} of its own, {@code catalogue/} linked to the sandbox's. */
    static Path newAbraDir(String prefix) throws IOException {
        Path catalogue = abraHome().resolve("catalogue");
        if (!Files.isRegularFile(catalogue.resolve("recipes.json"))) {
            fail("no canonical catalogue at %s: %s", catalogue, UP_HINT);
        }
        Path abraDir = Files.createTempDirectory(prefix);
        Files.createDirectories(abraDir.resolve("servers/default"));
        Files.createSymbolicLink(abraDir.resolve("catalogue"), catalogue);
        return abraDir;
    }

    /** The spec labels of the stack's app service (where abra puts its coop-cloud labels). */
    static Map<String, String> appLabels(String stack) {
        Result r = docker("service", "inspect", stack + "_app", "--format", "{{json .Spec.Labels}}");
        if (!r.ok()) {
            fail("docker service inspect failed: %s", r.describe());
        }
        try {
            Map<String, String> labels = new java.util.HashMap<>();
            com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(r.out()).forEach((k, v) -> labels.put(k, String.valueOf(v)));
            return labels;
        } catch (IOException e) {
            return fail("labels are not JSON: %s", r.out());
        }
    }

    /** Waits until every named service of the stack runs all its replicas and none is updating; paused fails. */
    static void awaitConverged(String stack, List<String> services, Duration timeout) {
        List<String> full = services.stream().map(s -> stack + "_" + s).toList();
        await(stack + " to converge", timeout, () -> {
            List<String> inspect = new ArrayList<>(List.of("service", "inspect"));
            inspect.addAll(full);
            inspect.addAll(List.of("--format", "{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}"));
            List<String> states = dockerLines(inspect.toArray(String[]::new));
            if (states.stream().anyMatch(s -> s.contains("paused") || s.equals("rollback_completed"))) {
                fail("update of %s failed: %s", stack, states);
            }
            if (states.stream().anyMatch(s -> s.equals("updating") || s.equals("rollback_started"))) {
                return null;
            }
            List<String> replicas = dockerLines("service", "ls", "--filter", "label=com.docker.stack.namespace=" + stack,
                    "--format", "{{.Replicas}}");
            boolean settled = replicas.size() == full.size() && replicas.stream().allMatch(s -> {
                String[] p = s.split("/");
                return p.length == 2 && p[0].equals(p[1]) && !p[0].equals("0");
            });
            return settled ? true : null;
        }, () -> {
            List<String> ps = new ArrayList<>(List.of("service", "ps", "--no-trunc", "--format", "{{.Name}} {{.CurrentState}} {{.Error}}"));
            ps.addAll(full);
            return String.join("; ", dockerLines(ps.toArray(String[]::new)));
        });
    }

    /** The one running container of a stack's service (waits briefly for it). */
    static String runningContainer(String stack, String service) {
        return await("a running container of " + stack + "_" + service, Duration.ofSeconds(30), () -> {
            List<String> ids = dockerLines("ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + stack + "_" + service,
                    "--filter", "status=running");
            return ids.size() == 1 ? ids.get(0) : null;
        }, () -> "no single running container");
    }

    /** Best-effort teardown for a test's {@code @After...}: the stack and everything it can leave behind. */
    static void removeStackRemains(String stack) {
        docker("stack", "rm", stack);
        try {
            await("containers and networks of " + stack + " to go", Duration.ofSeconds(60),
                    () -> byStackLabel(stack, "ps", "-a").isEmpty() && byStackLabel(stack, "network", "ls").isEmpty() ? true : null,
                    () -> byStackLabel(stack, "ps", "-a") + " " + byStackLabel(stack, "network", "ls"));
        } finally {
            byStackLabel(stack, "volume", "ls").forEach(v -> docker("volume", "rm", "-f", v));
            secretsOf(stack).forEach(s -> docker("secret", "rm", s));
            byStackLabel(stack, "config", "ls").forEach(c -> docker("config", "rm", c));
            deleteTree(sandboxDir().resolve("backups/" + stack));
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path sandboxDir() {
        String d = System.getenv("CCCI_SANDBOX_DIR");
        return Path.of(d == null || d.isBlank() ? "/var/lib/cc-ci-sandbox" : d);
    }

    static Path abraHome() {
        String d = System.getenv("CCCI_ABRA_HOME");
        return d == null || d.isBlank() ? Path.of(System.getProperty("user.home"), ".abra") : Path.of(d);
    }

    /** Polls until the supplier returns non-null, or fails with the last state after the timeout. */
    static <T> T await(String what, Duration timeout, Supplier<T> probe, Supplier<String> state) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > end) {
                return fail("timed out after %s waiting for %s; last state: %s", timeout, what, state.get());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Supplier<String> drain(InputStream in) {
        return () -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e.getMessage() + ">";
            }
        };
    }

    private static Path findRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("sandbox/abra")) && Files.isDirectory(q.resolve("recipe-suites"))) {
                return q;
            }
        }
        throw new IllegalStateException("cannot find the repository root (sandbox/abra) above " + p);
    }
}
