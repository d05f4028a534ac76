package org.coopcloud.ccci.concurrency.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts helper JVMs ({@link Helper}) for one test and guarantees they are gone afterwards, with
 * every descendant and every grandchild pid a test registered (a wrapper's guarded child, a holder's
 * sleeping child).
 *
 * <p>All helpers are started from one thread that lives as long as the test JVM: a helper that arms
 * PR_SET_PDEATHSIG would get SIGTERM when the THREAD that spawned it exits, and JUnit's or a pool's
 * short-lived threads would make the lifetime cases flaky for the wrong reason.
 */
public final class HelperProcesses implements AutoCloseable {
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "helper-spawner");
        t.setDaemon(true);
        return t;
    });

    /** Options that make a helper JVM start faster; they change nothing the cases look at. */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-Xshare:auto", "-Xss512k");

    private final Path lockDir;
    private final Path workDir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Long> extraPids = new ArrayList<>();
    private int counter;

    public HelperProcesses(Path lockDir, Path workDir) {
        this.lockDir = lockDir;
        this.workDir = workDir;
    }

    /** A started helper and its progress file. */
    public record Started(Process process, Markers markers) {
        public long pid() {
            return process.pid();
        }
    }

    public Started spawn(String... args) {
        return spawn(Map.of(), args);
    }

    public Started spawn(Map<String, String> env, String... args) {
        Markers markers = new Markers(workDir.resolve("helper-" + (++counter) + ".out"));
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().put("CCCI_APP_LOCK_DIR", lockDir.toString());
        // The case's own record of where each lock lives, never the host's (ConcurrencyFixture.owners).
        builder.environment().put("CCCI_LOCK_OWNERS_DIR", workDir.resolve("lock-owners").toString());
        builder.environment().put(Helper.MARKERS_ENV, markers.file().toString());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(workDir.resolve("helper-" + counter + ".log").toFile());
        Process process = onSpawnerThread(builder);
        synchronized (processes) {
            processes.add(process);
        }
        return new Started(process, markers);
    }

    /** The java command line of a helper, for tests that start it through a shell. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FAST_START);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Helper.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts a process (not a helper) from the long-lived spawner thread, tracked like one. */
    public Process start(ProcessBuilder builder) {
        Process process = onSpawnerThread(builder);
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    public void track(long pid) {
        synchronized (extraPids) {
            extraPids.add(pid);
        }
    }

    private static Process onSpawnerThread(ProcessBuilder builder) {
        Future<Process> started = SPAWNER.submit(() -> {
            try {
                return builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start helper", e.getCause());
        }
    }

    /** SIGKILLs every helper, its descendants and the tracked pids, and waits for them. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        synchronized (processes) {
            for (Process p : processes) {
                p.descendants().forEach(all::add);
                all.add(p.toHandle());
            }
        }
        synchronized (extraPids) {
            extraPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(all::add);
                all.add(h);
            }));
        }
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // a zombie whose parent is gone is reaped by init; nothing more we can do here
            }
        }
        synchronized (processes) {
            for (Process p : processes) {
                try {
                    p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Sends a signal with kill(1), the way Drone's trap or an operator would. */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    public static boolean awaitGone(long pid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
