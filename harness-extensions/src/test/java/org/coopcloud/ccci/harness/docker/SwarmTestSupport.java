package org.coopcloud.ccci.harness.docker;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon for tests: a client that is known to answer, throwaway stacks deployed with the
 * docker CLI ({@code docker stack deploy} has no API), and a cleanup that uses the CLI too, so a
 * bug in the code under test cannot leave our residue behind. Everything a test creates is named
 * {@code dkt-<random>...}; nothing else on the shared daemon is touched.
 */
public final class SwarmTestSupport {
    public static final String IMAGE = "ccci/busybox:1";
    private static final String SANDBOX_HINT = "run `bin/ccci sandbox up` first";

    private SwarmTestSupport() {
    }

    /** A client for the daemon, or a test failure (never a skip) saying how to get one. */
    public static DockerClient daemon() throws InterruptedException {
        DockerClient docker = DockerClient.fromEnvironment();
        try {
            docker.ping();
        } catch (DockerException e) {
            fail("the docker daemon is not reachable (" + e.getMessage() + "): " + SANDBOX_HINT);
        }
        if (run("docker", "image", "inspect", IMAGE).exitCode() != 0) {
            fail("the test image " + IMAGE + " is missing: " + SANDBOX_HINT);
        }
        return docker;
    }

    /** {@code dkt-<8 hex>}: a prefix no other engineer's test or run uses. */
    public static String uniqueName() {
        return "dkt-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE).substring(0, 8);
    }

    /** @return the instant just before the deploy: a convergence wait counts the tasks made from it */
    public static Instant deployStack(String stack, String compose) throws InterruptedException {
        return deployStack(stack, compose, Map.of());
    }

    /**
     * Deploys with extra files (a config's source) next to the compose file.
     *
     * @return the instant just before the deploy: the swarm may make (and fail) the first task
     *         before {@code docker stack deploy} returns, so a wait that starts counting after it
     *         misses that failure
     */
    public static Instant deployStack(String stack, String compose, Map<String, String> files) throws InterruptedException {
        try {
            Path dir = Files.createTempDirectory(stack);
            Path file = dir.resolve("compose.yml");
            Files.writeString(file, compose);
            for (Map.Entry<String, String> extra : files.entrySet()) {
                Files.writeString(dir.resolve(extra.getKey()), extra.getValue());
            }
            Instant began = Instant.now();
            CliResult result = run("docker", "stack", "deploy", "--detach=true", "-c", file.toString(), stack);
            if (result.exitCode() != 0) {
                fail("docker stack deploy " + stack + " failed: " + result.output());
            }
            return began;
        } catch (IOException e) {
            throw new AssertionError("cannot write the compose file: " + e, e);
        }
    }

    public static void removeStack(String stack) throws InterruptedException {
        run("docker", "stack", "rm", stack);
    }

    /**
     * Removes everything named or labelled for the stack: the stack, then (once its containers and
     * networks are gone, up to 60 s) its volumes, secrets and configs.
     */
    public static void cleanUp(String stack) throws InterruptedException {
        removeStack(stack);
        String label = "label=" + DockerClient.STACK_LABEL + "=" + stack;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline
                && !(lines("docker", "ps", "-aq", "--filter", label).isEmpty()
                && lines("docker", "network", "ls", "-q", "--filter", label).isEmpty())) {
            Thread.sleep(250);
        }
        removeNamed(stack, "volume");
        removeNamed(stack, "secret");
        removeNamed(stack, "config");
    }

    /** Removes every object of the kind whose name starts with the prefix. */
    public static void removeNamed(String prefix, String kind) throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (String name : lines("docker", kind, "ls", "--format", "{{.Name}}", "--filter", "name=" + prefix)) {
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        if (!names.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("docker", kind, "rm"));
            command.addAll(names);
            run(command.toArray(String[]::new));
        }
    }

    public static List<String> lines(String... command) throws InterruptedException {
        return run(command).output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    public record CliResult(int exitCode, String output) {
    }

    /** Runs a command (the docker CLI), stdout and stderr together, for at most 60 s. */
    public static CliResult run(String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new CliResult(127, "cannot start " + command[0] + ": " + e.getMessage());
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new CliResult(124, String.join(" ", command) + " timed out");
            }
            return new CliResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            process.destroyForcibly();
            return new CliResult(1, e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }
}
