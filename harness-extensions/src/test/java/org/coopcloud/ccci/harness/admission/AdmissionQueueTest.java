package org.coopcloud.ccci.harness.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fair queue, with real flocks: who goes first, who waits, and what a dead run leaves. */
class AdmissionQueueTest {
    @TempDir
    Path dir;

    /** A budget of {@code total} minus the granted needs: a host whose runs use exactly their claims. */
    private static AdmissionQueue.Budget capacity(AtomicLong total) {
        return granted -> total.get() - granted.stream().mapToLong(AdmissionQueue.Claim::needBytes).sum();
    }

    private static AdmissionQueue.Claim claim(String run, long need) {
        return new AdmissionQueue.Claim(run, "demo", "s_" + run, need);
    }

    private CompletableFuture<HeldFile> admitLater(AdmissionQueue queue, AdmissionQueue.Claim claim, AdmissionQueue.Budget budget,
            List<String> order) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                HeldFile grant = queue.admit(claim, budget, (ahead, free) -> { }, 20);
                order.add(claim.runId());
                return grant;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aClaimThatDoesNotFitWaitsAndASmallerOneBehindItNeverOvertakes() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(dir);
        AtomicLong total = new AtomicLong(10);
        List<String> order = new CopyOnWriteArrayList<>();
        HeldFile first = queue.admit(claim("a", 8), capacity(total), (ahead, free) -> { }, 20);
        CompletableFuture<HeldFile> big = admitLater(queue, claim("b", 6), capacity(total), order);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.list(dir.resolve("queue")).count() == 1);
        CompletableFuture<HeldFile> small = admitLater(queue, claim("c", 1), capacity(total), order);
        Thread.sleep(500);
        assertThat(order).as("c fits (1 of the 2 free) but b came first and does not fit").isEmpty();
        assertThat(queue.grantedClaims()).extracting(AdmissionQueue.Claim::runId).containsExactly("a");

        first.close(); // a ends
        HeldFile b = big.get();
        HeldFile c = small.get();
        assertThat(order).containsExactly("b", "c");
        assertThat(queue.grantedClaims()).extracting(AdmissionQueue.Claim::runId).containsExactlyInAnyOrder("b", "c");
        b.close();
        c.close();
        assertThat(queue.grantedClaims()).isEmpty();
    }

    @Test
    void aClaimLargerThanTheHostIsAdmittedWhenNoOtherRunHoldsMemory() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(dir);
        try (HeldFile grant = queue.admit(claim("huge", 100), capacity(new AtomicLong(10)), (ahead, free) -> { }, 20)) {
            assertThat(queue.grantedClaims()).extracting(AdmissionQueue.Claim::needBytes).containsExactly(100L);
        }
    }

    @Test
    void aDeadRunsTicketAndGrantAreReapedNotWaitedFor() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(dir);
        // What a killed run leaves: its files, held by nobody (the kernel dropped its flocks).
        Files.writeString(dir.resolve("queue").resolve("0000000000000000001-dead"), "");
        Files.writeString(dir.resolve("granted").resolve("dead.json"),
                "{\"run_id\":\"dead\",\"recipe\":\"demo\",\"stack\":\"s\",\"need_bytes\":9}");
        try (HeldFile grant = queue.admit(claim("live", 5), capacity(new AtomicLong(10)), (ahead, free) -> { }, 20)) {
            assertThat(Files.exists(dir.resolve("queue").resolve("0000000000000000001-dead"))).isFalse();
            assertThat(Files.exists(dir.resolve("granted").resolve("dead.json"))).isFalse();
            assertThat(queue.grantedClaims()).extracting(AdmissionQueue.Claim::runId).containsExactly("live");
        }
    }

    @Test
    void theWaiterIsToldHowManyAreAheadAndWhatIsFreeWhenFirstInLine() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(dir);
        AtomicLong total = new AtomicLong(10);
        HeldFile holder = queue.admit(claim("a", 9), capacity(total), (ahead, free) -> { }, 20);
        List<String> told = new CopyOnWriteArrayList<>();
        CompletableFuture<HeldFile> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.admit(claim("b", 5), capacity(total), (ahead, free) -> told.add(ahead + "/" + free), 20);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !told.isEmpty());
        assertThat(told.get(0)).isEqualTo("0/1");
        total.set(20);
        waiting.get().close();
        holder.close();
    }
}
