package org.coopcloud.ccci.harness.canonical;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.coopcloud.ccci.harness.abra.AbraCli;

/**
 * An ABRA_DIR of its own for work on a canonical app: {@code servers/} and {@code catalogue/} link
 * to the host's abra home (the app's .env stays where every tool finds it), {@code recipes/} is
 * fresh. A canonical app is redeployed at its release, and abra checks the release out in the
 * recipe's checkout: done in a run's own checkout, that would move the tree the run is testing
 * (its PR head) to the release. Removed on close; the links are removed, never followed.
 *
 * <p>They live under one known directory, {@code <tmp>/ccci-canonical-abra/}, named after their
 * owner ({@code <pid>-<start millis>-<random>}): a process killed mid-restore (SIGKILL) cannot
 * remove its own, so the janitor removes those whose owner is gone ({@link #reclaimDead}).
 */
final class PrivateAbraDir implements AutoCloseable {
    static final Path HOME = Path.of(System.getProperty("java.io.tmpdir"), "ccci-canonical-abra");

    private final Path dir;

    private PrivateAbraDir(Path dir) {
        this.dir = dir;
    }

    static PrivateAbraDir create(Path abraHome) throws IOException {
        return create(HOME, abraHome);
    }

    static PrivateAbraDir create(Path home, Path abraHome) throws IOException {
        Files.createDirectories(home);
        ProcessHandle me = ProcessHandle.current();
        Path dir = Files.createDirectory(home.resolve(me.pid() + "-" + startMillis(me).orElse(0L) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())));
        Files.createDirectories(abraHome.resolve("servers").resolve(AbraCli.SERVER));
        Files.createSymbolicLink(dir.resolve("servers"), abraHome.resolve("servers"));
        if (Files.exists(abraHome.resolve("catalogue"))) {
            Files.createSymbolicLink(dir.resolve("catalogue"), abraHome.resolve("catalogue"));
        }
        Files.createDirectories(dir.resolve("recipes"));
        return new PrivateAbraDir(dir);
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        deleteTree(dir);
    }

    /**
     * Removes the private ABRA_DIRs under {@code home} whose owner process is gone (or is another
     * process with a reused pid: its start time differs). Returns what was removed.
     */
    static List<Path> reclaimDead(Path home) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(home)) {
            for (Path entry : entries) {
                String[] parts = entry.getFileName().toString().split("-");
                if (parts.length != 3 || !Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue; // not one of ours
                }
                long pid;
                long start;
                try {
                    pid = Long.parseLong(parts[0]);
                    start = Long.parseLong(parts[1]);
                } catch (NumberFormatException e) {
                    continue;
                }
                Optional<ProcessHandle> owner = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
                boolean alive = owner.isPresent() && (start == 0 || startMillis(owner.get()).map(s -> s == start).orElse(true));
                if (!alive) {
                    deleteTree(entry);
                    removed.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return removed;
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli);
    }

    /** Deletes the tree, symlinks as links (never their targets). */
    private static void deleteTree(Path root) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        paths.sort(Comparator.reverseOrder());
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
