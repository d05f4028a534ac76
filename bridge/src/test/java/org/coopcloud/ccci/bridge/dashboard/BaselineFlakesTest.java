package org.coopcloud.ccci.bridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.engine.api.Stage;
import org.junit.jupiter.api.Test;

/** The dashboard baseline's {@code flaky_rungs}, as the bridge reads them for the PR comment. */
class BaselineFlakesTest {
    @Test
    void flakyRungsAreReadByRungIdAndAnythingElseIsNoFlakeKnown() {
        assertThat(DashboardClient.flakyRungs("{\"level\":4,\"flaky_rungs\":{\"upgrade\":\"2 of 5 commits\",\"nonsense\":\"x\",\"backup\":3}}"))
                .containsExactlyEntriesOf(java.util.Map.of(Stage.UPGRADE, "2 of 5 commits"));
        assertThat(DashboardClient.flakyRungs("{\"error\":\"no finished run\",\"flaky_rungs\":{\"custom\":\"1 of 1 commits\"}}"))
                .containsKey(Stage.CUSTOM);
        assertThat(DashboardClient.flakyRungs("{\"level\":4}")).isEmpty();
        assertThat(DashboardClient.flakyRungs("not json")).isEmpty();
        assertThat(DashboardClient.flakyRungs("")).isEmpty();
    }
}
