package org.coopcloud.ccci.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunAbortTest {
    @AfterEach
    void reset() {
        RunAbort.resetForTesting();
    }

    @Test
    void aLaterRequestInterruptsWorkThatSwallowedTheFirstWhileTheFirstStatusStands() throws Exception {
        AtomicInteger interrupts = new AtomicInteger();
        CountDownLatch inScope = new CountDownLatch(1);
        CountDownLatch firstSwallowed = new CountDownLatch(1);
        Thread work = new Thread(() -> {
            try (RunAbort.Scope scope = RunAbort.interruptibleWork()) {
                inScope.countDown();
                while (interrupts.get() < 2) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupts.incrementAndGet(); // the first one swallowed, as a careless catch would
                        firstSwallowed.countDown();
                    }
                }
            }
        });
        work.start();
        assertThat(inScope.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(RunAbort.request(143, "SIGTERM")).isTrue();
        assertThat(firstSwallowed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(RunAbort.request(142, "deadline")).isFalse();
        work.join(10_000);

        assertThat(work.isAlive()).as("the deadline ended the work that swallowed the SIGTERM").isFalse();
        assertThat(interrupts).hasValue(2);
        assertThat(RunAbort.requested()).hasValue(new RunAbort.Reason(143, "SIGTERM"));
    }
}
