package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.bridge.PublishedRuns.Outcome;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 3: the quick lane never gates a merge. Its commit status has a context of its own
 * ({@code cc-ci/testme-quick}), so a quick pass never turns a failed full run's {@code cc-ci/testme} green.
 */
class QuickLaneStatusTest extends BridgeTestBase {
    static final String SHA = "4444444444444444444444444444444444444444";

    @BeforeEach
    void openPull() {
        f.gitea.openPull(BridgeFixture.REPO, 7, SHA);
        f.gitea.push(BridgeFixture.REPO, 7, SHA);
    }

    @Test
    void aQuickPassAfterAFailedFullRunLeavesTheFullRunsStatusFailed() throws Exception {
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme --quick");
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(2);
        assertThat(f.drone.params(2)).containsEntry("CCCI_QUICK", "1");

        PublishedRuns.Files full = PublishedRuns.run("1", BridgeFixture.RECIPE, SHA, 7, BridgeFixture.REPO, false, Outcome.APP_FAILED);
        f.dashboard.publish("1", full.resultsJson(), full.prComment());
        f.drone.finish(1, "failure");
        bridge.runOnce();
        PublishedRuns.Files quick = PublishedRuns.run("2", BridgeFixture.RECIPE, SHA, 7, BridgeFixture.REPO, true, Outcome.PASSED);
        f.dashboard.publish("2", quick.resultsJson(), quick.prComment());
        f.drone.finish(2, "success");
        bridge.runOnce();

        assertThat(f.gitea.statusesOn(SHA)).filteredOn(s -> "cc-ci/testme".equals(s.context()))
                .noneMatch(s -> s.state().equals("success") || s.description().contains("quick"))
                .last().extracting(Status::state).isEqualTo("failure");
        assertThat(f.gitea.statusesOn(SHA)).filteredOn(s -> "cc-ci/testme-quick".equals(s.context()))
                .extracting(Status::state).containsExactly("pending", "success");
    }
}
