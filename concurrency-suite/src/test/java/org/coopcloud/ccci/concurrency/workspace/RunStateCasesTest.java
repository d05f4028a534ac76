package org.coopcloud.ccci.concurrency.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.concurrency.support.ConcurrencyFixture;
import org.coopcloud.ccci.concurrency.support.HelperProcesses.Started;
import org.junit.jupiter.api.Test;

/**
 * Two runs of the same domain (a double {@code !testme}) in two real processes with the real
 * lock: the second records its deploy and then waits on the lock while the first is live. Neither
 * may see the other's count, and the first's clean-up must not remove the second's files.
 */
class RunStateCasesTest extends ConcurrencyFixture {
    @Test
    void twoSameDomainRunsEachKeepTheirOwnDeployCountAndFiles() throws Exception {
        Path firstGate = tmp.resolve("gate-1");
        Path secondGate = tmp.resolve("gate-2");
        Started first = helpers.spawn("deploy-count-run", DOMAIN, "9001", firstGate.toString());
        first.markers().awaitNumber("ACQUIRED", Duration.ofSeconds(15));
        Started second = helpers.spawn("deploy-count-run", DOMAIN, "9002", secondGate.toString());
        String secondFile = second.markers().await("PRELOCK", Duration.ofSeconds(15)).orElseThrow()
                .substring("PRELOCK ".length());
        second.markers().await("EVENT lock.waiting", Duration.ofSeconds(10)).orElseThrow(
                () -> new AssertionError("second run did not wait on the lock: " + second.markers().lines()));

        Files.createFile(firstGate); // the first reads its count only after the second's setup landed

        assertThat(first.markers().await("COUNT", Duration.ofSeconds(10))).contains("COUNT 1");
        assertThat(first.markers().await("REMOVED", Duration.ofSeconds(10))).isPresent();
        assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        second.markers().await("ACQUIRED", Duration.ofSeconds(10)).orElseThrow(); // now parked at its own gate
        assertThat(Path.of(secondFile)).as("the first run's clean-up left the second's file alone").exists();

        Files.createFile(secondGate);

        assertThat(second.markers().await("COUNT", Duration.ofSeconds(10))).contains("COUNT 1");
        assertThat(second.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process().exitValue()).isZero();
        assertThat(Path.of(secondFile)).doesNotExist();
    }
}
