package org.coopcloud.ccci.concurrency.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.coopcloud.ccci.concurrency.support.ConcurrencyFixture;
import org.coopcloud.ccci.concurrency.support.HelperProcesses;
import org.coopcloud.ccci.concurrency.support.HelperProcesses.Started;
import org.coopcloud.ccci.concurrency.support.LockState;
import org.coopcloud.ccci.harness.lock.AppLocker;
import org.coopcloud.ccci.harness.lock.LockProbe;
import org.coopcloud.ccci.harness.lock.LockWaitListener;
import org.coopcloud.ccci.harness.posix.LinuxConstants;
import org.coopcloud.ccci.harness.posix.PosixException;
import org.junit.jupiter.api.Test;

/** The JVM's own ways to lose a lock, each of which java.nio locks fall into and ours must not. */
class JvmLockTrapsTest extends ConcurrencyFixture {
    @Test
    void otherFdsOpenedAndClosedInTheHolderAndSystemGcKeepTheLock() throws Exception {
        Started holder = helpers.spawn("hold-and-poke", DOMAIN);
        holder.markers().await("POKED", Duration.ofSeconds(15)).orElseThrow(
                () -> new AssertionError("holder never finished poking: " + holder.markers().lines()));

        assertThat(LockState.of(lockFile())).isEqualTo(LockState.HELD);
        assertThat(holder.process().isAlive()).isTrue();
    }

    @Test
    void symlinkAtTheLockfilePathIsNotFollowed() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.createSymbolicLink(lockFile(), victim);

        assertThatThrownBy(() -> new AppLocker(locks).acquire(DOMAIN, LockWaitListener.NONE))
                .isInstanceOf(PosixException.class)
                .satisfies(e -> assertThat(((PosixException) e).errno()).isEqualTo(LinuxConstants.ELOOP));
        assertThat(new LockProbe(locks).probe(DOMAIN, Instant.now())).isInstanceOf(LockProbe.Unopenable.class);
        assertThat(victim).hasContent("precious");
        assertThat(Files.isSymbolicLink(lockFile())).isTrue();
    }

    @Test
    void sigtermWhileWaitingForTheLockReachesTeardownAndExits143() throws Exception {
        Started holder = helpers.spawn("hold", DOMAIN);
        holder.markers().awaitNumber("ACQUIRED", Duration.ofSeconds(15));
        Started waiter = helpers.spawn("run", DOMAIN, "3600");
        waiter.markers().await("EVENT lock.waiting", Duration.ofSeconds(15)).orElseThrow(
                () -> new AssertionError("run never waited: " + waiter.markers().lines()));

        long signalled = System.nanoTime();
        HelperProcesses.signal(waiter.pid(), "TERM");

        assertThat(waiter.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(3));
        assertThat(waiter.process().exitValue()).isEqualTo(143);
        assertThat(waiter.markers().lines()).contains("TEARDOWN_DONE").doesNotContain("READY", "EXIT_NORMAL")
                .anySatisfy(line -> assertThat(line).startsWith("EVENT signal").contains("action=abort"));
        assertThat(LockState.of(lockFile())).as("the holder still holds it").isEqualTo(LockState.HELD);
    }
}
