package org.coopcloud.ccci.harness.lock;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.coopcloud.ccci.harness.posix.Posix;
import org.coopcloud.ccci.harness.posix.PosixException;

/**
 * "An exclusive user is waiting for this domain": what keeps shared holders of a warm app (runs'
 * tenants, {@link SharedLock}) from starving a quick run, a canonical reset or remove, which wait
 * for the domain's lock exclusively. Without it, a busy host always had a shared holder, so the
 * exclusive waiter never got its turn.
 *
 * <p>It is a flock too, on {@code <lock dir>/cc-ci-waiting-<domain>.lock}, so a waiter that dies
 * takes its intent with it: every exclusive waiter holds it shared for as long as it waits; a new
 * shared taker probes it with a non-blocking exclusive lock, and backs off (deploys a dependency of
 * its own) when that fails. Two probers at once conflict with each other for an instant, so a
 * probe that fails is tried again a few times before it counts as a waiter.
 */
final class WaitingExclusive implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WaitingExclusive.class.getName());
    private static final String PREFIX = "cc-ci-waiting-";
    private static final String SUFFIX = ".lock";
    private static final int PROBE_TRIES = 5;
    private static final long PROBE_PAUSE_MILLIS = 5;

    private final Posix posix;
    private int fd;

    private WaitingExclusive(Posix posix, int fd) {
        this.posix = posix;
        this.fd = fd;
    }

    static Path fileOf(LockDirectory directory, String domain) {
        directory.lockFileOf(domain); // the same check of the domain
        return directory.path().resolve(PREFIX + domain + SUFFIX);
    }

    /** Announces an exclusive waiter until closed; a failure to announce is logged and waiting goes on. */
    static WaitingExclusive announce(Posix posix, LockDirectory directory, String domain) throws InterruptedException {
        Path path = fileOf(directory, domain);
        int fd = -1;
        try {
            fd = posix.openLockFile(path);
            for (int i = 0; i < PROBE_TRIES * 4; i++) {
                if (posix.tryLockShared(fd)) {
                    return new WaitingExclusive(posix, fd);
                }
                Thread.sleep(PROBE_PAUSE_MILLIS); // a shared taker's probe holds it for an instant
            }
        } catch (PosixException e) {
            LOG.log(Level.WARNING, "app lock: cannot announce the wait for {0} in {1} ({2}); new shared holders may"
                    + " keep it busy", domain, path, e.getMessage());
        }
        if (fd >= 0) {
            posix.close(fd);
        }
        return new WaitingExclusive(posix, -1);
    }

    /** True when an exclusive user is waiting for the domain: a new shared holder backs off. */
    static boolean anyoneWaiting(Posix posix, LockDirectory directory, String domain) throws InterruptedException {
        Path path = fileOf(directory, domain);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        int fd;
        try {
            fd = posix.openExisting(path);
        } catch (PosixException e) {
            return false; // gone, or unreadable: no waiter can be seen
        }
        try {
            for (int i = 0; i < PROBE_TRIES; i++) {
                if (posix.tryLockExclusive(fd)) {
                    return false; // nobody holds it: closing the fd below lets go at once
                }
                Thread.sleep(PROBE_PAUSE_MILLIS);
            }
            return true;
        } catch (PosixException e) {
            return false;
        } finally {
            posix.close(fd);
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
