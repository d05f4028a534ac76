package org.coopcloud.ccci.harness.lock;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.coopcloud.ccci.harness.posix.Posix;
import org.coopcloud.ccci.harness.posix.PosixException;

/**
 * The janitor's non-blocking look at one domain's lock. A probe that wins the lock holds it until
 * closed, so the janitor reaps while no new run of the domain can start.
 */
public final class LockProbe {
    private final LockDirectory directory;
    private final Posix posix;

    public LockProbe(LockDirectory directory) {
        this(directory, Posix.get());
    }

    public LockProbe(LockDirectory directory, Posix posix) {
        this.directory = directory;
        this.posix = posix;
    }

    /** What a probe found. */
    public sealed interface Outcome permits Orphan, StaleInode, Held, Unopenable {
    }

    /**
     * Nobody held the lock and this probe now does, on the file the path names: the run that
     * owned the domain is gone. Reap, then {@link #unlinkAndRelease()}; always {@link #close()}.
     */
    public static final class Orphan implements Outcome, AutoCloseable {
        private final Posix posix;
        private final Path path;
        private int fd;

        Orphan(Posix posix, Path path, int fd) {
            this.posix = posix;
            this.path = path;
            this.fd = fd;
        }

        public Path path() {
            return path;
        }

        /**
         * Sets the lockfile's mtime to now, as a run does when it takes the lock: a prober that
         * finds the lock held while this reaps reads the reap's age, not the dead run's.
         */
        public void markReaping() {
            try {
                posix.touch(fd);
            } catch (PosixException e) {
                // Only the age another janitor reports is at stake; reaping goes on.
            }
        }

        /** Unlinks the lockfile while still holding it, then releases. */
        public void unlinkAndRelease() throws PosixException {
            try {
                posix.unlink(path);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            if (fd >= 0) {
                posix.close(fd);
                fd = -1;
            }
        }
    }

    /** The probe won a lock on an inode the path no longer names: someone reaped it meanwhile. */
    public record StaleInode(Path path) implements Outcome {
    }

    /** Another open file description holds the lock: a live run. */
    public record Held(Path path, Optional<Duration> heldFor) implements Outcome {
    }

    /** The lockfile could not be opened (a directory, a symlink, no lock dir, no permission). */
    public record Unopenable(Path path, PosixException cause) implements Outcome {
    }

    /**
     * Probes the domain's lock. Opening creates the lockfile when absent: after a reboot the
     * lockfiles are gone and the app is an orphan, which this finds at once.
     */
    public Outcome probe(String domain, Instant now) {
        Path path = directory.lockFileOf(domain);
        int fd;
        try {
            fd = posix.openLockFile(path);
        } catch (PosixException e) {
            return new Unopenable(path, e);
        }
        return lockOrReport(path, fd, now);
    }

    /**
     * Probes a lockfile that exists, without creating one: the stale-lockfile sweep must not
     * recreate a file another janitor just unlinked. Empty when the file is already gone.
     */
    public Optional<Outcome> probeExisting(Path path, Instant now) {
        int fd;
        try {
            fd = posix.openExisting(path);
        } catch (PosixException e) {
            if (e.errno() == org.coopcloud.ccci.harness.posix.LinuxConstants.ENOENT) {
                return Optional.empty();
            }
            return Optional.of(new Unopenable(path, e));
        }
        return Optional.of(lockOrReport(path, fd, now));
    }

    private Outcome lockOrReport(Path path, int fd, Instant now) {
        boolean handedOver = false;
        try {
            if (!posix.tryLockExclusive(fd)) {
                return new Held(path, ageOf(path, now));
            }
            if (!posix.isFileAt(fd, path)) {
                return new StaleInode(path);
            }
            handedOver = true;
            return new Orphan(posix, path, fd);
        } catch (PosixException e) {
            return new Unopenable(path, e);
        } finally {
            if (!handedOver) {
                posix.close(fd);
            }
        }
    }

    private Optional<Duration> ageOf(Path path, Instant now) {
        try {
            return posix.modifiedEpochSeconds(path)
                    .map(mtime -> Duration.between(Instant.ofEpochSecond(mtime), now));
        } catch (PosixException e) {
            return Optional.empty();
        }
    }
}
