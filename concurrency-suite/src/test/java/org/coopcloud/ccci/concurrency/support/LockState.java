package org.coopcloud.ccci.concurrency.support;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.coopcloud.ccci.harness.posix.Posix;
import org.coopcloud.ccci.harness.posix.PosixException;

/** What a real {@code LOCK_EX|LOCK_NB} from the test JVM sees at a lockfile path. */
public enum LockState {
    ABSENT, FREE, HELD;

    public static LockState of(Path lockFile) {
        if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            return ABSENT;
        }
        Posix posix = Posix.get();
        int fd;
        try {
            fd = posix.openExisting(lockFile);
        } catch (PosixException e) {
            throw new AssertionError("cannot open " + lockFile + " to probe it", e);
        }
        try {
            return posix.tryLockExclusive(fd) ? FREE : HELD;
        } catch (PosixException e) {
            throw new AssertionError(e);
        } finally {
            posix.close(fd); // drops the probe's lock if it took one
        }
    }

    /** Polls until the state is {@code wanted} or the limit passes; returns the last state seen. */
    public static LockState await(Path lockFile, LockState wanted, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        LockState state = of(lockFile);
        while (state != wanted && System.nanoTime() < deadline) {
            Thread.sleep(20);
            state = of(lockFile);
        }
        return state;
    }
}
