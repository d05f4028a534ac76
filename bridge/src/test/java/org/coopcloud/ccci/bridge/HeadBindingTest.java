package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble.StoredComment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 1: a {@code !testme} approves the head its writer saw. A push after the comment,
 * whether the bridge was stopped during it or running between two polls, and whether or not Gitea
 * has written the push into the PR's timeline yet, never gets the pushed head built.
 */
class HeadBindingTest extends BridgeTestBase {
    static final String REVIEWED = "1111111111111111111111111111111111111111";
    static final String PUSHED_LATER = "9999999999999999999999999999999999999999";
    static final int PR = 7;

    @BeforeEach
    void openPull() {
        f.gitea.openPull(BridgeFixture.REPO, PR, REVIEWED);
    }

    @Test
    void aPushWhileTheBridgeWasStoppedIsNeverBuilt() throws Exception {
        bridge = f.bridge(false);
        bridge.runOnce(); // the bridge has seen the PR at the reviewed head
        bridge.close();
        bridge = null;
        nextSecond();
        StoredComment approval = f.gitea.comment(BridgeFixture.REPO, PR, "alice", "!testme");
        f.gitea.push(BridgeFixture.REPO, PR, PUSHED_LATER);

        bridge = f.bridge(false);
        bridge.runOnce();
        bridge.runOnce();

        assertNoBuildOf(PUSHED_LATER);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).singleElement().satisfies(c -> assertThat(c.body())
                .contains(CommentTexts.refusalMarker(approval.id())).contains("@alice").contains("moved")
                .contains("`!testme` again"));
        assertThat(f.gitea.statuses()).isEmpty();
    }

    @Test
    void aPushBetweenTwoPollsIsNeverBuilt() throws Exception {
        bridge = f.bridge(false);
        bridge.runOnce();
        nextSecond();
        f.gitea.comment(BridgeFixture.REPO, PR, "alice", "!testme");
        f.gitea.push(BridgeFixture.REPO, PR, PUSHED_LATER);
        bridge.runOnce();
        bridge.runOnce();
        assertNoBuildOf(PUSHED_LATER);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).singleElement().satisfies(c -> assertThat(c.body()).contains("moved"));
    }

    @Test
    void aPushGiteaHasNotWrittenIntoTheTimelineYetIsNeverBuiltEither() throws Exception {
        // Stopped during the push: the bridge saw the reviewed head before it stopped.
        bridge = f.bridge(false);
        bridge.runOnce();
        bridge.close();
        bridge = null;
        nextSecond();
        f.gitea.comment(BridgeFixture.REPO, PR, "alice", "!testme");
        f.gitea.pushUnrecorded(BridgeFixture.REPO, PR, PUSHED_LATER);
        bridge = f.bridge(false);
        bridge.runOnce();
        assertNoBuildOf(PUSHED_LATER);

        // Running, the push between two polls, on a PR whose earlier push Gitea did record.
        f.gitea.openPull(BridgeFixture.REPO, 8, REVIEWED);
        f.gitea.push(BridgeFixture.REPO, 8, "2222222222222222222222222222222222222222");
        bridge.runOnce();
        f.gitea.comment(BridgeFixture.REPO, 8, "alice", "!testme");
        f.gitea.pushUnrecorded(BridgeFixture.REPO, 8, PUSHED_LATER);
        bridge.runOnce();
        bridge.runOnce();
        assertNoBuildOf(PUSHED_LATER);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(2)
                .allSatisfy(c -> assertThat(c.body()).contains("no build was started"));
    }

    @Test
    void aHeadThatLeftAndCameBackAfterTheCommentIsNotBuiltWhenTheBridgeSawItLeave() throws Exception {
        // The PR opens at PUSHED_LATER (not what the maintainer approves), moves to REVIEWED, and back
        // after the comment; Gitea has written neither push into the timeline yet.
        f.gitea.openPull(BridgeFixture.REPO, 8, PUSHED_LATER);
        bridge = f.bridge(false);
        bridge.runOnce();
        f.gitea.pushUnrecorded(BridgeFixture.REPO, 8, REVIEWED);
        bridge.runOnce();
        nextSecond();
        f.gitea.comment(BridgeFixture.REPO, 8, "alice", "!testme");
        f.gitea.pushUnrecorded(BridgeFixture.REPO, 8, PUSHED_LATER);
        bridge.runOnce();
        assertNoBuildOf(PUSHED_LATER);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).singleElement().satisfies(c -> assertThat(c.body()).contains("could not confirm"));
    }

    @Test
    void aWebhookDeliveredAfterThePushIsNeverBuiltEither() throws Exception {
        bridge = f.bridge(true);
        bridge.runOnce();
        nextSecond();
        StoredComment approval = f.gitea.comment(BridgeFixture.REPO, PR, "alice", "!testme");
        f.gitea.push(BridgeFixture.REPO, PR, PUSHED_LATER); // Gitea's webhook queue delivers after the push
        String payload = f.gitea.webhookPayload(approval);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bridge.webhookPort().orElseThrow() + "/hook"))
                .header("X-Gitea-Event", "issue_comment").header("X-Gitea-Signature", WebhookTest.sign(payload, f.hookSecret))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> !f.gitea.commentsBy(GiteaDouble.BOT).isEmpty());
        bridge.runOnce();
        assertNoBuildOf(PUSHED_LATER);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).singleElement().satisfies(c -> assertThat(c.body())
                .contains(CommentTexts.refusalMarker(approval.id())).contains("moved"));
    }

    @Test
    void theHeadGiteaRecordedBeforeTheCommentIsBuiltEvenByABridgeThatNeverSawIt() throws Exception {
        f.gitea.push(BridgeFixture.REPO, PR, "2222222222222222222222222222222222222222");
        f.gitea.comment(BridgeFixture.REPO, PR, "alice", "!testme");
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.drone.params(1)).containsEntry("REF", "2222222222222222222222222222222222222222");
    }

    @Test
    void theNewHeadOfAForcePushOrOfSeveralCommitsBeforeTheCommentIsBuiltAndAForcePushAfterItIsNot() throws Exception {
        String forced = "3333333333333333333333333333333333333333";
        f.gitea.forcePush(BridgeFixture.REPO, PR, forced);
        f.gitea.comment(BridgeFixture.REPO, PR, "alice", "!testme");
        f.gitea.openPull(BridgeFixture.REPO, 8, REVIEWED);
        String tip = "4444444444444444444444444444444444444444";
        f.gitea.pushCommits(BridgeFixture.REPO, 8, List.of("5555555555555555555555555555555555555555", tip));
        f.gitea.comment(BridgeFixture.REPO, 8, "alice", "!testme");
        f.gitea.openPull(BridgeFixture.REPO, 9, REVIEWED);
        f.gitea.push(BridgeFixture.REPO, 9, REVIEWED);
        f.gitea.comment(BridgeFixture.REPO, 9, "alice", "!testme");
        f.gitea.forcePush(BridgeFixture.REPO, 9, PUSHED_LATER);

        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(2);
        assertThat(List.of(f.drone.params(1).get("REF"), f.drone.params(2).get("REF"))).containsExactlyInAnyOrder(forced, tip);
    }

    @Test
    void aHeadNobodyCanPlaceBeforeTheCommentIsRefusedAndASecondTestmeTestsIt() throws Exception {
        StoredComment first = f.gitea.comment(BridgeFixture.REPO, PR, "alice", "!testme");
        bridge = f.bridge(false); // first start: it never saw this PR, and Gitea records no push
        bridge.runOnce();
        assertThat(f.drone.builds()).isEmpty();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).singleElement().satisfies(c -> assertThat(c.body())
                .contains(CommentTexts.refusalMarker(first.id())).contains("could not confirm").contains("`!testme` again"));

        nextSecond(); // the bridge saw the head in that pass; a new comment comes after it
        f.gitea.comment(BridgeFixture.REPO, PR, "alice", "!testme");
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.drone.params(1)).containsEntry("REF", REVIEWED);
    }

    private void assertNoBuildOf(String sha) {
        List<Map<String, Object>> builds = f.drone.builds();
        for (int n = 1; n <= builds.size(); n++) {
            assertThat(f.drone.params(n)).as("build %d", n).doesNotContainEntry("REF", sha);
        }
        assertThat(builds).isEmpty();
    }

    /** Waits until the wall clock's second changes: Gitea's times (and its Date header) are whole seconds. */
    static void nextSecond() throws InterruptedException {
        long now = Instant.now().toEpochMilli();
        Thread.sleep(1000 - now % 1000 + 50);
    }
}
