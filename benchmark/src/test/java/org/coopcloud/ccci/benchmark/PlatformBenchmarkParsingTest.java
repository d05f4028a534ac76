package org.coopcloud.ccci.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks' parsing and arithmetic, without docker: quick, and part of the normal build. */
class PlatformBenchmarkParsingTest {
    @Test
    void abraCallsPairStartAndEndByPidAndSortByStart(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("abra.log");
        Files.writeString(log, """
                start 1000000 11 recipe fetch demo-web --no-input
                end 1076000 11 0
                start 2000000 12 app deploy d.bench.test --chaos
                start 2100000 13 app ls --machine
                end 2150000 13 0
                end 2300000 12 0
                start 9000000 14 app undeploy d.bench.test
                """);
        List<PlatformBenchmark.AbraCall> calls = PlatformBenchmark.abraCalls(log);
        assertThat(calls).extracting(PlatformBenchmark.AbraCall::args)
                .containsExactly("recipe fetch demo-web --no-input", "app deploy d.bench.test --chaos", "app ls --machine");
        assertThat(calls).extracting(PlatformBenchmark.AbraCall::ms).containsExactly(76L, 300L, 50L);
    }

    @Test
    void missingLogMeansNoCalls(@TempDir Path dir) throws Exception {
        assertThat(PlatformBenchmark.abraCalls(dir.resolve("none.log"))).isEmpty();
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(BenchSupport.median(List.of(5L, 1L, 3L))).isEqualTo(3L);
        assertThat(BenchSupport.median(List.of(4L, 1L, 3L, 10L))).isEqualTo(3L);
    }

    @Test
    void cgroupOfAContainerThatDoesNotExistReadsZero() {
        assertThat(BenchSupport.cgroupBytes("0".repeat(64))).isZero();
    }

    @Test
    void theMarkersStepsComeFromTheirEventsWithTheirMilliseconds() {
        List<String> steps = FloorBenchmark.markerEvents(List.of(
                "{\"ts\":\"t\",\"event\":\"deploy.done\",\"seconds\":3.1}",
                "{\"ts\":\"t\",\"event\":\"markers.placed\",\"volumes\":\"s_a,s_b\",\"ms\":41}",
                "{\"ts\":\"t\",\"event\":\"markers.checked\",\"volumes\":\"s_a\",\"ms\":7}"));
        assertThat(steps).containsExactly("markers.placed 41", "markers.checked 7");
    }
}
