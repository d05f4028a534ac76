package org.coopcloud.ccci.concurrency.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.coopcloud.ccci.concurrency.support.ConcurrencyFixture;
import org.coopcloud.ccci.concurrency.support.HelperProcesses;
import org.coopcloud.ccci.concurrency.support.HelperProcesses.Started;
import org.coopcloud.ccci.concurrency.support.LockState;
import org.junit.jupiter.api.Test;

/** The kernel properties the whole model stands on, with real locks held by real processes. */
class LockFundamentalsTest extends ConcurrencyFixture {
    private static final Duration START = Duration.ofSeconds(15);

    @Test
    void sigkillOfTheHolderReleasesTheLock() throws Exception {
        Started holder = helpers.spawn("hold", DOMAIN);
        holder.markers().awaitNumber("ACQUIRED", START);
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.HELD);

        HelperProcesses.signal(holder.pid(), "KILL");

        assertThat(LockState.await(lockFile(), LockState.FREE, Duration.ofSeconds(5))).isEqualTo(LockState.FREE);
    }

    @Test
    void nonBlockingProbeSeesHeldThenFree() throws Exception {
        Started holder = helpers.spawn("hold", DOMAIN);
        holder.markers().awaitNumber("ACQUIRED", START);
        long start = System.nanoTime();
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.HELD);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a probe never waits").isLessThan(Duration.ofMillis(500));

        holder.process().destroyForcibly().waitFor();

        assertThat(LockState.await(lockFile(), LockState.FREE, Duration.ofSeconds(5))).isEqualTo(LockState.FREE);
    }

    @Test
    void lockIsNotInheritedByChildren() throws Exception {
        Started holder = helpers.spawn("hold-with-child", DOMAIN);
        long child = holder.markers().awaitNumber("CHILD", START);
        helpers.track(child);
        holder.markers().awaitNumber("ACQUIRED", START);

        HelperProcesses.signal(holder.pid(), "KILL");
        holder.process().waitFor();

        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).as("the child outlives the holder").contains(true);
        assertThat(LockState.await(lockFile(), LockState.FREE, Duration.ofSeconds(5)))
                .as("a live child must not keep the lock").isEqualTo(LockState.FREE);
    }

    @Test
    void secondAcquireBlocksUntilTheFirstHolderExits() throws Exception {
        Started first = helpers.spawn("hold", DOMAIN);
        first.markers().awaitNumber("ACQUIRED", START);
        Started second = helpers.spawn("hold", DOMAIN);

        second.markers().await("WAITING", START).orElseThrow(
                () -> new AssertionError("second holder never reached the lock: " + second.markers().lines()));
        Thread.sleep(500);
        assertThat(second.markers().find("ACQUIRED")).as("second acquire must wait").isEmpty();

        long killedAt = System.currentTimeMillis();
        HelperProcesses.signal(first.pid(), "KILL");

        long acquiredAt = second.markers().awaitNumber("ACQUIRED", Duration.ofSeconds(10));
        assertThat(acquiredAt).isGreaterThanOrEqualTo(killedAt - 50);
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.HELD);
    }
}
