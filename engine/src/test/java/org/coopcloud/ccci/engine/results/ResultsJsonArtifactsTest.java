package org.coopcloud.ccci.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.junit.jupiter.api.Test;

/** Files a run recorded (the app screenshot) appear in results.json by name, and only when recorded. */
class ResultsJsonArtifactsTest {
    private static RunResults results(Map<String, String> artifacts) {
        RunSpec spec = new RunSpec("demo-pub", Optional.empty(), Optional.empty(), Optional.empty(), EnumSet.allOf(Stage.class), false);
        return new RunResults(spec, "r1", "demo.example.test", "demo_example_test", Instant.EPOCH, 1, StepResult.PASSED,
                List.of(), StepResult.PASSED, Optional.empty(), artifacts);
    }

    @Test
    void aRecordedScreenshotIsNamedInResultsJson() {
        assertThat(ResultsJson.toMap(results(Map.of("screenshot", "app-screenshot.png"))))
                .containsEntry("screenshot", "app-screenshot.png");
    }

    @Test
    void noScreenshotNoKey() {
        assertThat(ResultsJson.toMap(results(Map.of()))).doesNotContainKey("screenshot");
    }

    @Test
    void anArtifactCannotOverwriteAField() {
        assertThat(ResultsJson.toMap(results(Map.of("verdict", "x.png")))).doesNotContainEntry("verdict", "x.png");
    }
}
