package org.coopcloud.ccci.harness.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs child processes (abra, docker, git) for the harness. Every child gets the runner's
 * environment on top of the JVM's (the run workspace puts {@code ABRA_DIR} and the run-scoped
 * state files there), plus the command's own. Output is captured.
 *
 * <p>A child never outlives the wait for it: when the waiting thread is interrupted (the run was
 * aborted by SIGTERM or the deadline) or the command's timeout passes, the child and its
 * descendants get SIGTERM, then SIGKILL after the grace period, and the call throws. Nor does it
 * outlive the harness: it runs with a parent death signal ({@link ParentDeathWrapper}).
 *
 * <p>Secrets: messages and log lines go through the runner's {@link Redactor}; pass secrets in
 * the environment or on stdin rather than in arguments, and add their values to the redactor.
 * Instances are immutable and thread-safe; the {@code with} methods derive new ones.
 */
public final class ProcessRunner {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    /** How long to wait for the output readers after the child exited (a grandchild may hold a pipe). */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(ProcessRunner.class.getName());

    private final Map<String, String> environment;
    private final Redactor redactor;
    private final Duration grace;

    public ProcessRunner() {
        this(Map.of(), Redactor.shapes(), DEFAULT_GRACE);
    }

    private ProcessRunner(Map<String, String> environment, Redactor redactor, Duration grace) {
        this.environment = Map.copyOf(environment);
        this.redactor = redactor;
        this.grace = grace;
    }

    /** A runner whose children also get these variables (later values win). */
    public ProcessRunner withEnvironment(Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(more);
        return new ProcessRunner(env, redactor, grace);
    }

    /** A runner that also masks these values in every message and log line. */
    public ProcessRunner withSecrets(Collection<String> secrets) {
        return new ProcessRunner(environment, redactor.and(secrets), grace);
    }

    public ProcessRunner withGracePeriod(Duration period) {
        return new ProcessRunner(environment, redactor, period);
    }

    /** The variables this runner adds to every child's environment. */
    public Map<String, String> environment() {
        return environment;
    }

    public Redactor redactor() {
        return redactor;
    }

    /**
     * Runs the command to its end and returns how it ended (a non-zero exit is a result, not an
     * exception: see {@link ProcessResult#requireSuccess()}).
     *
     * @throws InterruptedException     the thread was interrupted; the child tree was ended first
     * @throws ProcessTimeoutException  the timeout passed; the child tree was ended first
     * @throws UncheckedIOException     the program could not be started
     */
    public ProcessResult run(Command command) throws InterruptedException {
        String line = redactor.redact(command.displayLine());
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before starting: " + line);
        }
        ProcessBuilder builder = new ProcessBuilder();
        builder.environment().putAll(environment);
        builder.environment().putAll(command.environment());
        builder.command(ParentDeathWrapper.wrap(command.arguments(), builder.environment()));
        command.workingDirectory().ifPresent(dir -> builder.directory(dir.toFile()));
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot start " + line + ": "
                    + redactor.redact(String.valueOf(e.getMessage()))));
        }
        OutputCollector stdout = OutputCollector.start(process.getInputStream(), "stdout of pid " + process.pid());
        OutputCollector stderr = OutputCollector.start(process.getErrorStream(), "stderr of pid " + process.pid());
        feedStdin(process, command);
        try {
            if (!process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                int ended = ProcessTree.terminate(process.toHandle(), grace);
                LOG.log(Level.WARNING, "{0} timed out after {1} s; ended {2} process(es)", line,
                        Long.toString(command.timeout().toSeconds()), Integer.toString(ended));
                throw new ProcessTimeoutException(line + " timed out after " + command.timeout().toSeconds()
                        + " s; it and its descendants were ended", stdout.drain(OUTPUT_DRAIN), stderr.drain(OUTPUT_DRAIN));
            }
        } catch (InterruptedException e) {
            int ended = ProcessTree.terminate(process.toHandle(), grace);
            LOG.log(Level.INFO, "interrupted while running {0}; ended {1} process(es)", line, Integer.toString(ended));
            Thread.interrupted(); // the InterruptedException below carries the interrupt
            throw new InterruptedException("interrupted while running " + line
                    + "; it and its descendants were ended");
        }
        return new ProcessResult(command.displayLine(), process.exitValue(), stdout.drain(OUTPUT_DRAIN),
                stderr.drain(OUTPUT_DRAIN), Duration.ofNanos(System.nanoTime() - start), redactor);
    }

    private static void feedStdin(Process process, Command command) {
        try (OutputStream in = process.getOutputStream()) {
            if (command.stdin().isPresent()) {
                in.write(command.stdin().get());
            }
        } catch (IOException e) {
            // The child exited or closed stdin without reading it all; its exit code tells the story.
        }
    }

    /** Reads one output stream of a child on its own thread, so a full pipe never stalls the child. */
    private static final class OutputCollector {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;
        private final InputStream stream;

        private OutputCollector(InputStream stream, String name) {
            this.stream = stream;
            this.thread = new Thread(this::copy, "collect " + name);
            this.thread.setDaemon(true);
        }

        static OutputCollector start(InputStream stream, String name) {
            OutputCollector collector = new OutputCollector(stream, name);
            collector.thread.start();
            return collector;
        }

        private void copy() {
            byte[] chunk = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                    }
                }
            } catch (IOException e) {
                // The pipe broke: keep what was read.
            }
        }

        /** Everything read so far once the stream ended, or after {@code limit} at the latest. */
        String drain(Duration limit) {
            boolean interrupted = false;
            long deadline = System.nanoTime() + limit.toNanos();
            while (thread.isAlive() && System.nanoTime() < deadline) {
                try {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            // Still alive: a process outside the tree holds the pipe. Return what we have; the
            // daemon reader ends when that process closes it.
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
