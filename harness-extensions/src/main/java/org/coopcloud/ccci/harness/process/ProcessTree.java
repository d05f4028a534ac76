package org.coopcloud.ccci.harness.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process together with everything it started: SIGTERM to the whole tree, a grace period,
 * then SIGKILL to whatever is left. The tree is snapshotted before the first signal because a
 * child whose parent dies is reparented away and no longer shows up as a descendant.
 *
 * <p>Limitation: a grandchild that daemonised (double fork) before the snapshot is not in the
 * tree; docker and abra do not do that for the commands the harness runs.
 */
public final class ProcessTree {
    private static final Duration KILL_CONFIRMATION = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /**
     * Terminates {@code root} and its descendants. Not interruptible on purpose: it runs while an
     * abort is being handled and must finish; it is bounded by {@code grace} plus a few seconds.
     * Returns how many processes it signalled.
     */
    public static int terminate(ProcessHandle root, Duration grace) {
        Set<ProcessHandle> tree = snapshot(List.of(root));
        tree.forEach(ProcessHandle::destroy); // SIGTERM: abra and docker may clean up after themselves
        boolean interrupted = awaitExit(tree, grace);
        Set<ProcessHandle> survivors = snapshot(tree.stream().filter(ProcessHandle::isAlive).toList());
        survivors.forEach(ProcessHandle::destroyForcibly); // SIGKILL
        interrupted |= awaitExit(survivors, KILL_CONFIRMATION);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Set<ProcessHandle> all = new LinkedHashSet<>(tree);
        all.addAll(survivors);
        return all.size();
    }

    private static Set<ProcessHandle> snapshot(List<ProcessHandle> roots) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            if (root.isAlive()) {
                tree.add(root);
            }
            root.descendants().forEach(tree::add);
        }
        return tree;
    }

    /** Waits for every handle to exit; true when an interrupt arrived (and was deferred). */
    private static boolean awaitExit(Set<ProcessHandle> handles, Duration limit) {
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        handles.forEach(h -> exits.add(h.onExit()));
        CompletableFuture<Void> all = CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + limit.toNanos();
        boolean interrupted = false;
        while (true) {
            try {
                all.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (TimeoutException | ExecutionException e) {
                return interrupted;
            }
        }
    }
}
