package org.coopcloud.ccci.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.coopcloud.ccci.engine.results.PhaseTiming;
import org.junit.jupiter.api.Test;

class PhaseClockTest {
    private static final Instant T0 = Instant.parse("2026-11-29T13:00:00Z");

    private static Instant at(double seconds) {
        return T0.plusMillis((long) (seconds * 1000));
    }

    @Test
    void eachPhaseEndsWithItsDurationNamedByPurposeOrStageAndResultsListThemInOrder() {
        PhaseClock clock = new PhaseClock();

        assertThat(clock.on("run.start", Map.of("recipe", "demo-web"), at(0))).isEmpty();
        assertThat(clock.on("deploy.start", Map.of("purpose", "install"), at(0.5))).isEmpty();
        assertThat(clock.on("deploy.done", Map.of("purpose", "install", "seconds", 4.2), at(4.7)))
                .isEqualTo(" (deploy install took 4.2s)");
        assertThat(clock.on("setup.done", Map.of("status", "pass"), at(5))).isEqualTo(" (setup took 5.0s)");
        clock.on("tier.start", Map.of("stage", "upgrade"), at(5));
        clock.on("deploy.start", Map.of("purpose", "upgrade"), at(6));
        assertThat(clock.on("deploy.failed", Map.of("purpose", "upgrade"), at(9))).isEqualTo(" (deploy upgrade took 3.0s)");
        assertThat(clock.on("tier.done", Map.of("stage", "upgrade", "status", "fail"), at(9.5))).isEqualTo(" (tier upgrade took 4.5s)");
        assertThat(clock.on("lock.acquired", Map.of("domain", "x"), at(10))).as("not a phase edge").isEmpty();
        assertThat(clock.on("tier.done", Map.of("stage", "backup"), at(10))).as("never started").isEmpty();

        assertThat(clock.finished()).containsExactly(new PhaseTiming("deploy install", 4200), new PhaseTiming("setup", 5000),
                new PhaseTiming("deploy upgrade", 3000), new PhaseTiming("tier upgrade", 4500));
    }

    @Test
    void withAnExpectedDurationEachFinishedPhaseSaysWhatIsLeftAndWhenItFinishesThenByHowMuchItIsOver() {
        PhaseClock clock = new PhaseClock();
        clock.on("run.start", Map.of(), at(0));
        clock.expect(Duration.ofSeconds(46));

        clock.on("tier.start", Map.of("stage", "install"), at(5));
        assertThat(clock.on("tier.done", Map.of("stage", "install"), at(15)))
                .isEqualTo(" (tier install took 10.0s); about 31.0s left, expected finish 13:00:46 UTC");
        clock.on("teardown.start", Map.of(), at(44));
        assertThat(clock.on("teardown.done", Map.of(), at(50))).isEqualTo(" (teardown took 6.0s); 4.0s over the expected 46.0s");
    }

    @Test
    void afterAFailureNoPhaseSaysWhatIsLeftAnyMore() {
        PhaseClock clock = new PhaseClock();
        clock.on("run.start", Map.of(), at(0));
        clock.expect(Duration.ofSeconds(46));
        clock.on("deploy.start", Map.of("purpose", "install"), at(1));

        assertThat(clock.on("deploy.failed", Map.of("purpose", "install"), at(5)))
                .as("a failing run ends early: the passed runs' median would mislead").isEqualTo(" (deploy install took 4.0s)");
        assertThat(clock.on("setup.done", Map.of("status", "fail"), at(6))).isEqualTo(" (setup took 6.0s)");
        clock.on("teardown.start", Map.of(), at(6));
        assertThat(clock.on("teardown.done", Map.of(), at(9))).isEqualTo(" (teardown took 3.0s)");
    }

    @Test
    void inTeardownNoEstimateIsShown() {
        PhaseClock clock = new PhaseClock();
        clock.on("run.start", Map.of(), at(0));
        clock.expect(Duration.ofSeconds(46));
        clock.stopEstimating();
        clock.on("teardown.start", Map.of(), at(40));

        assertThat(clock.on("teardown.done", Map.of(), at(50))).isEqualTo(" (teardown took 10.0s)");
    }
}
