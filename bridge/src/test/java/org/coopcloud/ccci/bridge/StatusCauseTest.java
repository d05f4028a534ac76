package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.coopcloud.ccci.bridge.dashboard.PublishedRun;
import org.coopcloud.ccci.engine.results.Verdict;
import org.junit.jupiter.api.Test;

/** The commit status description heads with the run's cause, within Gitea's length. */
class StatusCauseTest {

    @Test
    void aFailedRunsStatusSaysItsCauseCutToTheLimitWithAnEllipsis() {
        String cause = "install: store keeps failing (3 tasks failed, the last: task: non-zero exit (1))";
        StatusReport failed = StatusReport.of(run(Verdict.APP_FAILED, Optional.of(0), Optional.of(cause)));
        assertThat(failed.state()).isEqualTo("failure");
        assertThat(failed.description()).isEqualTo("level 0: " + cause);

        StatusReport longOne = StatusReport.of(run(Verdict.APP_FAILED, Optional.of(1), Optional.of("x".repeat(300))));
        assertThat(longOne.description()).hasSize(StatusReport.DESCRIPTION_LIMIT).endsWith("…");

        StatusReport badInput = StatusReport.of(run(Verdict.BAD_INPUT, Optional.empty(),
                Optional.of("the ref 'gone' does not exist in coop-cloud/demo-web")));
        assertThat(badInput.state()).isEqualTo("error");
        assertThat(badInput.description()).startsWith("bad input, nothing deployed: the ref 'gone' does not exist")
                .doesNotContain("level");

        assertThat(StatusReport.of(run(Verdict.APP_FAILED, Optional.of(2), Optional.empty())).description())
                .as("a schema 1 run without a cause").isEqualTo("level 2: a rung failed");
    }

    private static PublishedRun run(Verdict verdict, Optional<Integer> level, Optional<String> cause) {
        return new PublishedRun("1", "demo-web", "abc", 7L, "coop-cloud/demo-web", false, verdict, level, Optional.empty(), cause);
    }
}
