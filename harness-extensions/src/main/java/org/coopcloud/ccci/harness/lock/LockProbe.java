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
 *
 * <p>The lock is probed where the run that made the app took it: the directory its run recorded in
 * {@link LockOwners} (another cc-ci install on the host may keep its locks elsewhere), else this
 * janitor's own. Probing only its own directory, a janitor found another install's live run free
 * and reaped its app.
 */
public final class LockProbe {
    private static final System.Logger LOG = System.getLogger(LockProbe.class.getName());

    private final LockDirectory directory;
    private final Posix posix;
    private final LockOwners owners;

    public LockProbe(LockDirectory directory) {
        this(directory, Posix.get());
    }

    public LockProbe(LockDirectory directory, Posix posix) {
        this(directory, posix, LockOwners.fromEnvironment());
    }

    public LockProbe(LockDirectory directory, LockOwners owners) {
        this(directory, Posix.get(), owners);
    }

    public LockProbe(LockDirectory directory, Posix posix, LockOwners owners) {
        this.directory = directory;
        this.posix = posix;
        this.owners = owners;
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
        private final Runnable afterUnlink;
        private int fd;

        Orphan(Posix posix, Path path, int fd, Runnable afterUnlink) {
            this.posix = posix;
            this.path = path;
            this.fd = fd;
            this.afterUnlink = afterUnlink;
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

        /** Unlinks the lockfile while still holding it (and forgets where it lived), then releases. */
        public void unlinkAndRelease() throws PosixException {
            try {
                posix.unlink(path);
                afterUnlink.run();
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
        LockDirectory where = whereTheLockLives(domain);
        Path path = where.lockFileOf(domain);
        int fd;
        try {
            // Elsewhere: never create a lockfile in a directory this install does not manage; one
            // unlinked since we looked is left for the next sweep.
            fd = where.equals(directory) ? posix.openLockFile(path) : posix.openExisting(path);
        } catch (PosixException e) {
            return new Unopenable(path, e);
        }
        return lockOrReport(path, fd, now, () -> owners.forget(domain, where));
    }

    /**
     * The lock directory the domain's run recorded, while its lockfile is there; else this probe's
     * own. A live run's lockfile always exists (it holds it), so a record whose lockfile is gone (its
     * run ended and was tidied, its directory was removed) is stale and the domain is probed here,
     * as before records existed.
     */
    public LockDirectory whereTheLockLives(String domain) {
        Optional<LockDirectory> recorded = owners.lockDirectoryOf(domain);
        if (recorded.isEmpty() || LockOwners.normalised(recorded.get().path())
                .equals(LockOwners.normalised(directory.path()))
                || !java.nio.file.Files.exists(recorded.get().lockFileOf(domain), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return directory;
        }
        LOG.log(System.Logger.Level.INFO, "janitor: the lock of {0} lives in {1} (recorded by its run), not in {2};"
                + " probing it there", domain, recorded.get().path(), directory.path());
        return recorded.get();
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
        Optional<String> domain = LockDirectory.domainOf(path);
        return Optional.of(lockOrReport(path, fd, now, () -> domain.ifPresent(d -> owners.forget(d, directory))));
    }

    private Outcome lockOrReport(Path path, int fd, Instant now, Runnable afterUnlink) {
        boolean handedOver = false;
        try {
            if (!posix.tryLockExclusive(fd)) {
                return new Held(path, ageOf(path, now));
            }
            if (!posix.isFileAt(fd, path)) {
                return new StaleInode(path);
            }
            handedOver = true;
            return new Orphan(posix, path, fd, afterUnlink);
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
