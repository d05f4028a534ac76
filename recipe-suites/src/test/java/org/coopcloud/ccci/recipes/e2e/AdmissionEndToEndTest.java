package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission by memory with two real runs on the sandbox: with a capacity too low for two runs at
 * once, the second waits, visibly, first in line, until the first has ended, then goes; the first
 * records its containers' peak memory for the next estimate.
 */
class AdmissionEndToEndTest {
    @TempDir
    Path work;

    @Test
    void aRunWhoseNeedDoesNotFitWaitsUntilAnotherRunEndsThenGoes() throws Exception {
        Harness harness = new Harness(work);
        Map<String, String> lowMemory = Map.of("CCCI_ADMISSION_CAPACITY_MB", "1", "STAGES", "install");
        Process first = harness.startRun("adm-first", lowMemory, "demo-web", "--pr", "71");
        harness.awaitEvent("adm-first", "admission.granted", Duration.ofMinutes(2));
        Process second = harness.startRun("adm-second", lowMemory, "demo-static", "--pr", "72");
        Harness.Finished a = harness.finish("adm-first", first, Duration.ofMinutes(5));
        Harness.Finished b = harness.finish("adm-second", second, Duration.ofMinutes(5));

        assertThat(a.status()).as(a.output()).isZero();
        assertThat(b.status()).as(b.output()).isZero();
        Map<String, Object> waited = b.event("admission.waiting");
        assertThat(waited.get("ahead")).isEqualTo(0);
        assertThat(String.valueOf(waited.get("message"))).contains("first in line", "counts against the run's deadline");
        Instant firstLetGo = Instant.parse(String.valueOf(a.event("teardown.done").get("ts")));
        Instant secondGranted = Instant.parse(String.valueOf(b.event("admission.granted").get("ts")));
        assertThat(secondGranted).as("the second is admitted only after the first tore down").isAfter(firstLetGo);
        assertThat(b.eventNames().indexOf("admission.granted")).as("nothing deployed before admission")
                .isLessThan(b.eventNames().indexOf("deploy.start"));
        assertThat(((Number) a.event("admission.peak").get("peak_mib")).longValue()).as("demo-web's containers' peak").isPositive();
        assertThat(output(a)).doesNotContain("admission.waiting");
    }

    private static String output(Harness.Finished run) {
        return run.output();
    }
}
