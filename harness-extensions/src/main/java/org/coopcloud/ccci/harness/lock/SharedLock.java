package org.coopcloud.ccci.harness.lock;

import java.nio.file.Path;
import java.util.Optional;
import org.coopcloud.ccci.harness.posix.Posix;
import org.coopcloud.ccci.harness.posix.PosixException;

/**
 * A shared flock on an app domain's lockfile: what a run holds on a warm dependency (a canonical
 * app that hands each run its own tenant) while its tenant lives. Any number of runs share it; an
 * exclusive holder of the same lockfile (a quick run of that recipe, a {@code bin/ccci canonical}
 * command, the janitor repairing it) excludes them all, and they exclude it: nobody resets or
 * upgrades the app under a run's tenant.
 *
 * <p>Taken without waiting ({@link #tryAcquire}): a run that finds the warm app busy deploys its
 * own dependency instead of queueing behind someone else's quick run. It backs off too while an
 * exclusive user waits for the domain, so that one gets its turn once the present holders let go. Unlike {@link AppLock} it is
 * released by {@link #close()} as soon as the tenant is gone; a kill releases it too (the kernel
 * drops the flock with the process). The fd is close-on-exec and opened as {@link AppLocker}
 * opens it, and the win is checked against the live path the same way.
 */
public final class SharedLock implements AutoCloseable {
    private final Posix posix;
    private final String domain;
    private final Path path;
    private int fd;

    private SharedLock(Posix posix, String domain, Path path, int fd) {
        this.posix = posix;
        this.domain = domain;
        this.path = path;
        this.fd = fd;
    }

    /**
     * The shared lock, or empty when an exclusive holder has the domain now, or an exclusive user
     * is waiting for it ({@link WaitingExclusive}: shared holders that kept coming would starve it).
     */
    public static Optional<SharedLock> tryAcquire(LockDirectory directory, String domain)
            throws PosixException, InterruptedException {
        return tryAcquire(directory, domain, Posix.get());
    }

    static Optional<SharedLock> tryAcquire(LockDirectory directory, String domain, Posix posix)
            throws PosixException, InterruptedException {
        Path path = directory.lockFileOf(domain);
        if (WaitingExclusive.anyoneWaiting(posix, directory, domain)) {
            return Optional.empty();
        }
        // A lockfile unlinked between our open and our lock (the stale-lockfile sweep) is retried on
        // the live path; two tries cover one sweep, a third miss means someone is unlinking it repeatedly.
        for (int attempt = 0; attempt < 3; attempt++) {
            int fd = posix.openLockFile(path);
            boolean keep = false;
            try {
                if (!posix.tryLockShared(fd)) {
                    return Optional.empty();
                }
                if (posix.isFileAt(fd, path)) {
                    // The janitor reads a held lock's age from its mtime: ours, not that of the last exclusive holder.
                    posix.touch(fd);
                    keep = true;
                    return Optional.of(new SharedLock(posix, domain, path, fd));
                }
            } finally {
                if (!keep) {
                    posix.close(fd);
                }
            }
        }
        return Optional.empty();
    }

    public String domain() {
        return domain;
    }

    public Path path() {
        return path;
    }

    /** Releases the lock (idempotent). */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            posix.close(fd);
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return "shared lock " + path + (fd >= 0 ? " (held)" : " (released)");
    }
}
