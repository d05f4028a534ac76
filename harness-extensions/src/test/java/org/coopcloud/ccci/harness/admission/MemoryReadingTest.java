package org.coopcloud.ccci.harness.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading memory: cgroup v1 and v2 layouts, MemAvailable, the peak ledger, and the budget's arithmetic. */
class MemoryReadingTest {
    @TempDir
    Path dir;

    @Test
    void containerMemoryReadsEitherCgroupVersionAndEitherDriver() throws Exception {
        Path v2 = Files.createDirectories(dir.resolve("v2/system.slice/docker-abc.scope"));
        Files.writeString(v2.resolve("memory.current"), "1000\n");
        Files.writeString(v2.resolve("memory.peak"), "3000\n");
        Path v1 = Files.createDirectories(dir.resolve("v1/memory/docker/def"));
        Files.writeString(v1.resolve("memory.usage_in_bytes"), "200\n");
        Files.writeString(v1.resolve("memory.max_usage_in_bytes"), "700\n");
        assertThat(new ContainerMemory(dir.resolve("v2")).usage("abc")).contains(1000L);
        assertThat(new ContainerMemory(dir.resolve("v2")).peak("abc")).contains(3000L);
        assertThat(new ContainerMemory(dir.resolve("v1")).usage("def")).contains(200L);
        assertThat(new ContainerMemory(dir.resolve("v1")).peak("def")).contains(700L);
        assertThat(new ContainerMemory(dir.resolve("v1")).usage("gone")).isEmpty();
    }

    @Test
    void memAvailableIsReadInBytes() throws Exception {
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24000000 kB\nMemFree:  100 kB\nMemAvailable:   2048 kB\n");
        assertThat(HostMemory.available(meminfo)).isEqualTo(2048L * 1024);
        assertThat(HostMemory.available(Path.of("/proc/meminfo"))).isPositive();
    }

    @Test
    void theLedgerKeepsTheNewestPeaksAndEstimatesFromTheLastFive() throws Exception {
        PeakLedger ledger = new PeakLedger(dir.resolve("peaks"));
        assertThat(ledger.recentMax("demo")).isEmpty();
        for (long peak : List.of(900L, 100L, 200L, 300L, 400L, 500L)) {
            ledger.record("demo", peak);
        }
        assertThat(ledger.recentMax("demo")).as("900 is the sixth newest").isEqualTo(OptionalLong.of(500));
        for (int i = 0; i < 20; i++) {
            ledger.record("demo", 1);
        }
        assertThat(ledger.peaks("demo")).hasSize(PeakLedger.KEPT);
        Files.writeString(dir.resolve("peaks").resolve("broken.json"), "{not json");
        assertThat(ledger.recentMax("broken")).isEmpty();
    }

    @Test
    void grantedRunsCountAtWhatTheyWillStillGrowIntoAndTheCapacityCapsTheirClaims() throws Exception {
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemAvailable:   " + (10L * 1024 * 1024) + " kB\n"); // 10 GiB
        long gib = 1024L * 1024 * 1024;
        AdmissionSettings settings = new AdmissionSettings(true, gib / 2, gib, OptionalLong.empty());
        // Stacks that have no containers use nothing yet: each claim counts whole.
        MemoryBudget budget = new MemoryBudget(settings, DockerClient.fromEnvironment(), new ContainerMemory(dir), meminfo);
        List<AdmissionQueue.Claim> two = List.of(new AdmissionQueue.Claim("a", "r", "ccci_no_such_stack_a", 2 * gib),
                new AdmissionQueue.Claim("b", "r", "ccci_no_such_stack_b", 3 * gib));
        assertThat(budget.free(List.of())).isEqualTo(10 * gib - gib / 2);
        assertThat(budget.free(two)).isEqualTo(10 * gib - gib / 2 - 5 * gib);
        MemoryBudget capped = new MemoryBudget(new AdmissionSettings(true, gib / 2, gib, OptionalLong.of(6 * gib)),
                DockerClient.fromEnvironment(), new ContainerMemory(dir), meminfo);
        assertThat(capped.free(two)).isEqualTo(gib);
    }
}
