package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.coopcloud.ccci.bridge.doubles.DoubleServer.Seen;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble;
import org.coopcloud.ccci.bridge.store.RequestState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The "running" comment's expected finish, from the dashboard's estimate of the recipe's earlier runs. */
class RunningEstimateTest extends BridgeTestBase {
    static final String SHA = "1111111111111111111111111111111111111111";
    static final String ALL = "install,upgrade,backup,restore,custom";
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    @BeforeEach
    void openPull() {
        f.gitea.openPull(BridgeFixture.REPO, 7, SHA);
        f.gitea.push(BridgeFixture.REPO, 7, SHA);
    }

    private String runningComment() {
        List<GiteaDouble.StoredComment> bot = f.gitea.commentsBy(GiteaDouble.BOT);
        assertThat(bot).hasSize(1);
        assertThat(bot.get(0).body()).contains("is running");
        return bot.get(0).body();
    }

    private List<Seen> estimateRequests() {
        return f.dashboard.seen().stream().filter(s -> s.path().equals("/api/recipes/demo-web/estimate")).toList();
    }

    @Test
    void theRunningCommentSaysWhenTheRunShouldFinish() throws Exception {
        f.dashboard.estimate(BridgeFixture.RECIPE, ALL, false, 600_000, 3);
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        bridge = f.bridge(false);
        Instant before = Instant.now();
        bridge.runOnce();
        Instant after = Instant.now();

        String body = runningComment();
        // The finish is counted from when the comment went out: one of the minutes the test spanned.
        assertThat(body).containsAnyOf(
                "expected to finish about " + HH_MM.format(before.plus(Duration.ofMinutes(10))) + " UTC (median of 3 earlier runs, 10 min)",
                "expected to finish about " + HH_MM.format(after.plus(Duration.ofMinutes(10))) + " UTC (median of 3 earlier runs, 10 min)");
        assertThat(estimateRequests()).singleElement().satisfies(s -> assertThat(s.query()).containsEntry("quick", "0"));
    }

    @Test
    void theQuickLaneAsksForTheQuickRunsEstimate() throws Exception {
        f.dashboard.estimate(BridgeFixture.RECIPE, ALL, false, 600_000, 3);
        f.dashboard.estimate(BridgeFixture.RECIPE, ALL, true, 90_000, 1);
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme --quick");
        bridge = f.bridge(false);
        bridge.runOnce();

        assertThat(runningComment()).contains("(median of 1 earlier run, 2 min)").doesNotContain("10 min");
    }

    @Test
    void noEarlierRunsMeansNoEstimate() throws Exception {
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        bridge = f.bridge(false);
        bridge.runOnce();

        assertThat(estimateRequests()).as("the bridge asked").hasSize(1);
        assertThat(runningComment()).doesNotContain("expected to finish");
    }

    @Test
    void aDashboardThatIsDownOrHangsLeavesTheEstimateOutAndNothingElse() throws Exception {
        f.dashboard.estimate(BridgeFixture.RECIPE, ALL, false, 600_000, 3);
        f.gitea.openPull(BridgeFixture.REPO, 8, SHA);
        f.gitea.push(BridgeFixture.REPO, 8, SHA);
        f.dashboard.hangNext("GET", "/api/recipes/.*", true);
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        bridge = f.bridge(false);
        bridge.runOnce();

        assertThat(runningComment()).doesNotContain("expected to finish");
        assertThat(estimateRequests()).as("asked once: no retries of a nicety").hasSize(1);
        assertThat(f.gitea.statusesOn(SHA)).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("pending"));

        f.dashboard.close(); // down: connection refused
        f.gitea.comment(BridgeFixture.REPO, 8, "alice", "!testme");
        bridge.runOnce();

        List<GiteaDouble.StoredComment> bot = f.gitea.commentsBy(GiteaDouble.BOT);
        assertThat(bot).hasSize(2).allSatisfy(c -> assertThat(c.body()).contains("is running").doesNotContain("expected to finish"));
        assertThat(bridge.store().unfinished()).hasSize(2).allSatisfy(r -> assertThat(r.state()).isEqualTo(RequestState.RUNNING));
        assertThat(logs.text()).contains("without an expected finish");
    }
}
