package org.coopcloud.ccci.harness.lock;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.coopcloud.ccci.harness.posix.Posix;
import org.coopcloud.ccci.harness.posix.PosixException;

/**
 * Takes the app-domain lock of a run, before its app exists (DESIGN section 6).
 *
 * <ul>
 *   <li>flock on an fd opened close-on-exec and no-follow: children never inherit it, a symlink
 *       planted at the path is refused, and java.nio's fcntl locks (which vanish when any fd of
 *       the file closes) are never involved.</li>
 *   <li>Waiting polls {@code LOCK_EX|LOCK_NB}: a blocking flock cannot be interrupted, and SIGTERM
 *       must be able to end the wait at once (the abort interrupts this thread).</li>
 *   <li>After every acquisition the fd must still name the file at the path (device and inode):
 *       the janitor unlinks a reaped orphan's lockfile, and a lock on an unlinked inode protects
 *       nothing, so such a win is dropped and the live path retried.</li>
 *   <li>mtime becomes the acquisition time: the janitor reads lock age from it.</li>
 *   <li>Where the lock lives is recorded host-wide ({@link LockOwners}), so the janitor of another
 *       install with another lock dir probes it here instead of finding its own copy free.</li>
 * </ul>
 */
public final class AppLocker {
    public static final Duration DEFAULT_POLL = Duration.ofMillis(50);
    private static final System.Logger LOG = System.getLogger(AppLocker.class.getName());

    private final LockDirectory directory;
    private final Posix posix;
    private final Duration poll;
    private final Clock clock;
    private final LockOwners owners;

    public AppLocker(LockDirectory directory) {
        this(directory, LockOwners.fromEnvironment());
    }

    public AppLocker(LockDirectory directory, LockOwners owners) {
        this(directory, Posix.get(), DEFAULT_POLL, Clock.systemUTC(), owners);
    }

    public AppLocker(LockDirectory directory, Posix posix, Duration poll, Clock clock) {
        this(directory, posix, poll, clock, LockOwners.fromEnvironment());
    }

    public AppLocker(LockDirectory directory, Posix posix, Duration poll, Clock clock, LockOwners owners) {
        this.directory = directory;
        this.posix = posix;
        this.poll = poll;
        this.clock = clock;
        this.owners = owners;
    }

    /**
     * Returns the domain's lock, waiting as long as another process holds it.
     *
     * @throws InterruptedException the wait was interrupted (abort); nothing is held then
     * @throws PosixException       the lockfile cannot be opened or locked (not "held")
     */
    public AppLock acquire(String domain, LockWaitListener listener) throws InterruptedException, PosixException {
        Path path = directory.lockFileOf(domain);
        Optional<AppLock> mine = HeldLocks.of(path);
        if (mine.isPresent()) {
            return mine.get();
        }
        boolean announced = false;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + path);
            }
            int fd = posix.openLockFile(path);
            boolean keep = false;
            try {
                if (waitForLock(fd, path, domain, announced ? null : listener)) {
                    announced = true;
                }
                if (posix.isFileAt(fd, path)) {
                    posix.touch(fd);
                    AppLock lock = new AppLock(domain, path, fd, clock.instant());
                    HeldLocks.keep(lock);
                    keep = true;
                    // Before the app exists: a janitor of any install on the host probes this lock here.
                    owners.record(domain, directory);
                    LOG.log(Level.INFO, "== app lock: acquired {0} ==", path);
                    return lock;
                }
                LOG.log(Level.INFO, "app lock: {0} was unlinked while we waited; retrying on the live path", path);
            } finally {
                if (!keep) {
                    posix.close(fd);
                }
            }
        }
    }

    /**
     * Polls until this fd holds the lock; true when it had to wait. A wait is announced (log line
     * and listener) only when {@code listener} is given: the caller passes null after the first.
     */
    private boolean waitForLock(int fd, Path path, String domain, LockWaitListener listener)
            throws PosixException, InterruptedException {
        if (posix.tryLockExclusive(fd)) {
            return false;
        }
        // Said while we wait (from before anyone hears we wait), so shared holders (runs' tenants in a
        // warm app) stop coming and we get our turn.
        try (WaitingExclusive waiting = WaitingExclusive.announce(posix, directory, domain)) {
            if (listener != null) {
                LOG.log(Level.INFO, "== app lock: another run of {0} is in flight; waiting for {1} ==", domain, path);
                listener.waiting(domain, path);
            }
            while (!posix.tryLockExclusive(fd)) {
                Thread.sleep(poll.toMillis());
            }
        }
        return true;
    }
}
