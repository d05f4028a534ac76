package org.coopcloud.ccci.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.harness.janitor.AppDiscovery;
import org.coopcloud.ccci.harness.janitor.AppReaper;
import org.coopcloud.ccci.harness.janitor.Janitor;
import org.coopcloud.ccci.harness.janitor.JanitorConfig;
import org.coopcloud.ccci.harness.janitor.JanitorPorts;
import org.coopcloud.ccci.harness.janitor.JanitorReport;
import org.coopcloud.ccci.harness.lock.AppLocker;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockProbe;
import org.coopcloud.ccci.harness.lock.LockWaitListener;

/**
 * Measures the concurrency core on the real kernel, in a temporary lock directory (never
 * /run/lock): taking an app lock, probing a free and a held lock, and a janitor sweep over 500
 * candidate apps and 5,000 stale lockfiles, with reaping recorded rather than performed (the cost
 * of a real reap is docker's, not the janitor's). Prints a Markdown table for docs/concurrency.md.
 *
 * <p>Run: see docs/concurrency.md ("Benchmark"). Not a timed test: figures depend on the machine; the one target is the sweep under 2 s.
 */
public final class ConcurrencyBenchmark {
    private static final String SUFFIX = RunNaming.DEFAULT_DOMAIN_SUFFIX;
    private static final int ACQUIRES = 200; // every acquired lock stays open for the process: mind the fd limit
    private static final int PROBES = 2_000;
    private static final int CANDIDATES = 500;
    private static final int HELD_CANDIDATES = 50;
    private static final int STALE_LOCKFILES = 5_000;
    private static final int SWEEP_ROUNDS = 5;

    private ConcurrencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Optional argument: where to put the lock directories (for example /dev/shm, a tmpfs like /run/lock).
        Path root = args.length > 0 ? Files.createTempDirectory(Path.of(args[0]), "ccci-bench")
                : Files.createTempDirectory("ccci-bench");
        try {
            List<String> rows = new ArrayList<>();
            rows.add(acquire(root.resolve("acquire")));
            rows.addAll(probes(root.resolve("probe")));
            rows.add(sweep(root.resolve("sweep")));
            System.out.println("| operation | n | median | p95 | max |");
            System.out.println("|---|---|---|---|---|");
            rows.forEach(System.out::println);
            System.out.println();
            System.out.println("JVM " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, lock dir on " + Files.getFileStore(root).type());
        } finally {
            deleteTree(root);
        }
    }

    private static String acquire(Path dir) throws Exception {
        Files.createDirectories(dir);
        AppLocker locker = new AppLocker(new LockDirectory(dir));
        locker.acquire(domain(999_999), LockWaitListener.NONE); // load jnr and warm up outside the figures
        long[] nanos = new long[ACQUIRES];
        for (int i = 0; i < ACQUIRES; i++) {
            long start = System.nanoTime();
            locker.acquire(domain(i), LockWaitListener.NONE);
            nanos[i] = System.nanoTime() - start;
        }
        return row("app lock acquire (open, flock, inode check, futimens)", nanos);
    }

    private static List<String> probes(Path dir) throws Exception {
        Files.createDirectories(dir);
        LockDirectory locks = new LockDirectory(dir);
        LockProbe probe = new LockProbe(locks);
        String free = domain(1);
        String held = domain(2);
        new AppLocker(locks).acquire(held, LockWaitListener.NONE); // another open file description holds it
        long[] freeNanos = new long[PROBES];
        long[] heldNanos = new long[PROBES];
        for (int i = 0; i < PROBES; i++) {
            long start = System.nanoTime();
            LockProbe.Outcome outcome = probe.probe(free, Instant.now());
            if (outcome instanceof LockProbe.Orphan orphan) {
                orphan.close();
            } else {
                throw new IllegalStateException("free lock probed as " + outcome);
            }
            freeNanos[i] = System.nanoTime() - start;
            start = System.nanoTime();
            if (!(probe.probe(held, Instant.now()) instanceof LockProbe.Held)) {
                throw new IllegalStateException("held lock not seen as held");
            }
            heldNanos[i] = System.nanoTime() - start;
        }
        return List.of(row("probe of a free lock (acquired, released)", freeNanos),
                row("probe of a held lock (live run)", heldNanos));
    }

    private static String sweep(Path dir) throws Exception {
        long[] nanos = new long[SWEEP_ROUNDS];
        JanitorReport last = null;
        for (int round = 0; round < SWEEP_ROUNDS; round++) {
            Path roundDir = Files.createDirectories(dir.resolve("round-" + round));
            LockDirectory locks = new LockDirectory(roundDir);
            List<String> apps = new ArrayList<>();
            for (int i = 0; i < CANDIDATES; i++) {
                apps.add(domain(round * 100_000 + i));
            }
            AppLocker locker = new AppLocker(locks);
            for (int i = 0; i < HELD_CANDIDATES; i++) {
                locker.acquire(apps.get(i), LockWaitListener.NONE); // live runs: probed as held
            }
            for (int i = 0; i < STALE_LOCKFILES; i++) {
                Files.createFile(locks.lockFileOf(domain(round * 100_000 + 50_000 + i)));
            }
            List<String> reaped = Collections.synchronizedList(new ArrayList<>());
            AppReaper recordOnly = reaped::add;
            AppDiscovery discovery = new AppDiscovery() {
                @Override
                public List<String> abraAppNames() {
                    return apps;
                }

                @Override
                public List<String> swarmObjectNames() {
                    return apps.stream().map(d -> RunNaming.stack(d) + "_app").toList();
                }
            };
            Janitor janitor = new Janitor(new JanitorConfig(locks, SUFFIX, Duration.ofHours(2)),
                    Optional.of(new JanitorPorts(discovery, recordOnly)), (event, fields) -> { });
            long start = System.nanoTime();
            last = janitor.sweep();
            nanos[round] = System.nanoTime() - start;
            if (last.reaped().size() != CANDIDATES - HELD_CANDIDATES || last.tidiedLockFiles().size() != STALE_LOCKFILES) {
                throw new IllegalStateException("unexpected sweep result: reaped " + last.reaped().size()
                        + ", tidied " + last.tidiedLockFiles().size());
            }
        }
        return row("janitor sweep: " + CANDIDATES + " candidates (" + HELD_CANDIDATES + " live) + "
                + STALE_LOCKFILES + " stale lockfiles, reaps recorded", nanos);
    }

    private static String domain(int i) {
        return String.format("bnch-%06x.%s", i, SUFFIX);
    }

    private static String row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return "| " + name + " | " + sorted.length + " | " + format(sorted[sorted.length / 2]) + " | "
                + format(sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]) + " | "
                + format(sorted[sorted.length - 1]) + " |";
    }

    private static String format(long nanos) {
        if (nanos >= 1_000_000_000L) {
            return String.format("%.2f s", nanos / 1e9);
        }
        if (nanos >= 1_000_000L) {
            return String.format("%.2f ms", nanos / 1e6);
        }
        return String.format("%.1f µs", nanos / 1e3);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
