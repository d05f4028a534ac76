package org.coopcloud.ccci.harness.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.coopcloud.ccci.harness.posix.Posix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared locks on a warm dependency's domain, with real flocks: each open() is its own open file
 * description, so a raw fd here stands in for another process (cross-process: the e2e tests).
 */
class SharedLockTest {
    private static final String DOMAIN = "demo-sso.canonical.ci.test";
    private final Posix posix = Posix.get();

    @TempDir
    Path dir;

    @Test
    void manyRunsShareTheLockAndTheJanitorOrAQuickRunCannotTakeItUntilTheLastLets() throws Exception {
        LockDirectory locks = new LockDirectory(dir);
        SharedLock first = SharedLock.tryAcquire(locks, DOMAIN).orElseThrow();
        SharedLock second = SharedLock.tryAcquire(locks, DOMAIN).orElseThrow();

        assertThat(new LockProbe(locks).probe(DOMAIN, Instant.now())).isInstanceOf(LockProbe.Held.class);
        first.close();
        assertThat(new LockProbe(locks).probe(DOMAIN, Instant.now())).as("one holder left").isInstanceOf(LockProbe.Held.class);
        second.close();
        second.close(); // idempotent
        LockProbe.Outcome free = new LockProbe(locks).probe(DOMAIN, Instant.now());
        assertThat(free).isInstanceOf(LockProbe.Orphan.class);
        ((LockProbe.Orphan) free).close();
    }

    @Test
    void anExclusiveHolderMakesTheTryFailAtOnceWithoutWaiting() throws Exception {
        LockDirectory locks = new LockDirectory(dir);
        int exclusive = posix.openLockFile(locks.lockFileOf(DOMAIN));
        assertThat(posix.tryLockExclusive(exclusive)).isTrue();

        assertThat(SharedLock.tryAcquire(locks, DOMAIN)).isEmpty();
        posix.close(exclusive);
        Optional<SharedLock> after = SharedLock.tryAcquire(locks, DOMAIN);
        assertThat(after).isPresent();
        after.get().close();
    }

    @Test
    void aHeldSharedLockReportsItsOwnAgeToTheJanitorNotAnOldExclusiveHolders() throws Exception {
        LockDirectory locks = new LockDirectory(dir);
        Path path = locks.lockFileOf(DOMAIN);
        int old = posix.openLockFile(path);
        posix.close(old);
        java.nio.file.Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(86_400)));

        try (SharedLock lock = SharedLock.tryAcquire(locks, DOMAIN).orElseThrow()) {
            LockProbe.Outcome held = new LockProbe(locks).probe(DOMAIN, Instant.now());
            assertThat(held).isInstanceOf(LockProbe.Held.class);
            assertThat(((LockProbe.Held) held).heldFor().orElseThrow()).isLessThan(java.time.Duration.ofMinutes(1));
        }
    }
    @Test
    void aWaitingExclusiveUserMakesNewSharedTakersBackOffSoItIsNotStarved() throws Exception {
        LockDirectory locks = new LockDirectory(dir);
        String domain = "demo-sso.fair" + System.nanoTime() + ".ci.test"; // this JVM keeps an AppLock for life
        SharedLock holder = SharedLock.tryAcquire(locks, domain).orElseThrow(); // a run's tenant
        java.util.concurrent.CompletableFuture<AppLock> quickRun = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        Thread exclusive = new Thread(() -> {
            try {
                quickRun.complete(new AppLocker(locks).acquire(domain, (d, p) -> waiting.countDown()));
            } catch (Exception e) {
                quickRun.completeExceptionally(e);
            }
        });
        exclusive.start();
        assertThat(waiting.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the quick run waits").isTrue();

        // Another run would share it and keep the quick run waiting behind a new tenant: it backs off.
        assertThat(SharedLock.tryAcquire(locks, domain)).as("a new shared taker while an exclusive user waits").isEmpty();

        holder.close(); // the last tenant goes: the quick run gets the app
        AppLock lock = quickRun.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(lock.path()).isEqualTo(locks.lockFileOf(domain));
        exclusive.join();
    }

    @Test
    void withNobodyWaitingSharedTakersDoNotExcludeEachOtherThroughTheIntentProbe() throws Exception {
        LockDirectory locks = new LockDirectory(dir);
        java.util.List<java.util.concurrent.CompletableFuture<Optional<SharedLock>>> takers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            takers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return SharedLock.tryAcquire(locks, DOMAIN);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (var taker : takers) {
            Optional<SharedLock> lock = taker.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(lock).as("every concurrent shared taker gets the lock").isPresent();
        }
        for (var taker : takers) {
            taker.get().get().close();
        }
    }
}
