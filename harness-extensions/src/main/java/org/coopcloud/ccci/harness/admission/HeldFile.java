package org.coopcloud.ccci.harness.admission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.coopcloud.ccci.harness.posix.Posix;
import org.coopcloud.ccci.harness.posix.PosixException;

/**
 * A file in the admission directory that means something only while its maker lives: the maker
 * holds an exclusive flock on it for as long as the file counts (a queue ticket, a grant). The
 * kernel drops the flock with the process, however it dies, so a file nobody holds is a dead run's
 * and anyone may remove it ({@link #reapIfDead}). The file is made under a dot-name, locked, filled
 * and then renamed into place, so nobody ever sees it unheld while its maker lives.
 */
final class HeldFile implements AutoCloseable {
    private final Posix posix;
    private final Path path;
    private int fd;

    private HeldFile(Posix posix, Path path, int fd) {
        this.posix = posix;
        this.path = path;
        this.fd = fd;
    }

    static HeldFile create(Path path, String content) throws IOException {
        Posix posix = Posix.get();
        Path temp = path.resolveSibling(".new-" + path.getFileName());
        int fd = posix.openLockFile(temp);
        try {
            if (!posix.tryLockExclusive(fd)) {
                throw new IOException(temp + " is held by another process");
            }
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
            return new HeldFile(posix, path, fd);
        } catch (IOException | RuntimeException e) {
            posix.close(fd);
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * True when the file's maker still holds it. A file nobody holds is removed (while this probe
     * holds it, so two probes never remove a file a new maker just put in its place) and false is
     * answered; a file already gone answers false.
     */
    static boolean reapIfDead(Path path) throws PosixException {
        Posix posix = Posix.get();
        int fd;
        try {
            fd = posix.openExisting(path);
        } catch (PosixException e) {
            return false; // gone (ENOENT), or not ours to judge
        }
        try {
            if (!posix.tryLockExclusive(fd)) {
                return true;
            }
            if (posix.isFileAt(fd, path)) {
                posix.unlink(path);
            }
            return false;
        } finally {
            posix.close(fd);
        }
    }

    Path path() {
        return path;
    }

    /** Removes the file, then lets go of it (idempotent). */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // an unheld file is reaped by the next probe
            }
            posix.close(fd);
            fd = -1;
        }
    }
}
