package org.coopcloud.ccci.engine.api;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide abort switch that SIGTERM and the deadline pull (DESIGN section 2).
 *
 * <p>The console launcher's {@code CancellationToken} is only live under {@code --fail-fast}, so
 * the engine keeps its own: once requested, tiers and checks that have not started are skipped,
 * the threads doing a run's setup or tier work are interrupted (so a lock wait or a child process
 * wait ends at once), and every run's teardown still runs. The first request wins (its status and
 * cause stand); later ones are reported as ignored, but they interrupt the run work in flight
 * again: work that swallowed the first interrupt is stopped by the next request (a deadline after
 * a SIGTERM), while teardown, which never runs inside an interruptible scope, is untouched.
 */
public final class RunAbort {
    /** Why a run was aborted and the process status it should end with. */
    public record Reason(int exitStatus, String cause) {
    }

    private static final AtomicReference<Reason> REQUESTED = new AtomicReference<>();
    private static final Set<Thread> INTERRUPTIBLE = ConcurrentHashMap.newKeySet();
    private static volatile long requestedAtNanos;

    private RunAbort() {
    }

    /**
     * Requests the abort and interrupts the run work in flight. Returns true for the first request;
     * false when an abort was already requested (the caller logs that it ignored it; the status
     * stays the first one's).
     */
    public static boolean request(int exitStatus, String cause) {
        long now = System.nanoTime();
        boolean first = REQUESTED.compareAndSet(null, new Reason(exitStatus, cause));
        if (first) {
            requestedAtNanos = now;
        }
        INTERRUPTIBLE.forEach(Thread::interrupt);
        return first;
    }

    public static Optional<Reason> requested() {
        return Optional.ofNullable(REQUESTED.get());
    }

    /** When the first request came, on the {@link System#nanoTime()} clock (for the teardown budget). */
    public static Optional<Long> requestedAtNanos() {
        return REQUESTED.get() == null ? Optional.empty() : Optional.of(requestedAtNanos);
    }

    /**
     * Marks the calling thread as doing interruptible run work until the returned handle is
     * closed. Teardown never runs inside such a scope, so an abort cannot interrupt it.
     */
    public static Scope interruptibleWork() {
        Thread current = Thread.currentThread();
        INTERRUPTIBLE.add(current);
        if (REQUESTED.get() != null) {
            current.interrupt();
        }
        return () -> {
            INTERRUPTIBLE.remove(current);
            // An abort that arrived during the work must not leak into teardown as a pending
            // interrupt: teardown's own waits would end at once.
            Thread.interrupted();
        };
    }

    /** A scope of interruptible work. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** For tests that exercise the abort path inside one JVM. */
    public static void resetForTesting() {
        REQUESTED.set(null);
        INTERRUPTIBLE.clear();
    }
}
