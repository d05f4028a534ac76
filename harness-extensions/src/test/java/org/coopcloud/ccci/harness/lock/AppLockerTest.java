package org.coopcloud.ccci.harness.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.coopcloud.ccci.harness.posix.Posix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locker inside one JVM. A second open() of the lockfile is a separate open file description,
 * so a raw fd held here stands in for "another run" with the real kernel semantics; the
 * cross-process cases are in the concurrency suite.
 */
class AppLockerTest {
    private final Posix posix = Posix.get();

    @TempDir
    Path dir;

    @Test
    void waiterTellsOnceThenRetriesOnTheLivePathWhenItsInodeWasUnlinked() throws Exception {
        LockDirectory locks = new LockDirectory(dir);
        String domain = "unli-000001.ci.test";
        Path path = locks.lockFileOf(domain);
        int other = posix.openLockFile(path);
        assertThat(posix.tryLockExclusive(other)).isTrue();

        List<String> waits = new CopyOnWriteArrayList<>();
        AtomicReference<AppLock> won = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                won.set(new AppLocker(locks, posix, Duration.ofMillis(20), Clock.systemUTC())
                        .acquire(domain, (d, p) -> waits.add(d)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> waits.size() == 1);
        // What the janitor does after reaping: unlink while holding, then release.
        posix.unlink(path);
        posix.close(other);
        waiter.join(5_000);

        AppLock lock = won.get();
        assertThat(lock).isNotNull();
        assertThat(waits).containsExactly(domain);
        assertThat(posix.identityOf(path)).contains(posix.identityOf(lock.fd()));
        int probe = posix.openLockFile(path);
        try {
            assertThat(posix.tryLockExclusive(probe)).as("the won lock is visible at the path").isFalse();
        } finally {
            posix.close(probe);
        }
    }

    @Test
    void waitEndsAtOnceOnInterrupt() throws Exception {
        LockDirectory locks = new LockDirectory(dir);
        String domain = "intr-000002.ci.test";
        int other = posix.openLockFile(locks.lockFileOf(domain));
        assertThat(posix.tryLockExclusive(other)).isTrue();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        List<String> waits = new CopyOnWriteArrayList<>();
        Thread waiter = new Thread(() -> {
            try {
                new AppLocker(locks).acquire(domain, (d, p) -> waits.add(d));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !waits.isEmpty());
        long start = System.nanoTime();
        waiter.interrupt();
        waiter.join(2_000);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        posix.close(other);
    }

    @Test
    void sameDomainAgainInThisProcessReusesTheHeldLock() throws Exception {
        AppLocker locker = new AppLocker(new LockDirectory(dir));
        AppLock first = locker.acquire("same-000003.ci.test", LockWaitListener.NONE);
        AppLock second = locker.acquire("same-000003.ci.test", (d, p) -> {
            throw new AssertionError("must not wait on its own lock");
        });
        assertThat(second).isSameAs(first);
    }

    @Test
    void acquisitionTouchesTheLockFile() throws Exception {
        LockDirectory locks = new LockDirectory(dir);
        Path path = locks.lockFileOf("time-000004.ci.test");
        java.nio.file.Files.createFile(path);
        java.nio.file.Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.fromMillis(0));
        new AppLocker(locks).acquire("time-000004.ci.test", LockWaitListener.NONE);
        assertThat(java.nio.file.Files.getLastModifiedTime(path).toMillis())
                .isGreaterThan(System.currentTimeMillis() - 60_000);
    }
}
