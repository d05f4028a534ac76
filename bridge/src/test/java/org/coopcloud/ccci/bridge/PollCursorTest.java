package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.bridge.doubles.DoubleServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 2: the poll never skips a comment. A {@code !testme} on an earlier PR, written
 * while a later PR's comments were still being listed, is seen although the later PR showed a newer
 * comment in the same pass.
 */
class PollCursorTest extends BridgeTestBase {
    static final String SHA7 = "7777777777777777777777777777777777777777";
    static final String SHA8 = "8888888888888888888888888888888888888888";

    @BeforeEach
    void openPulls() {
        f.gitea.openPull(BridgeFixture.REPO, 7, SHA7);
        f.gitea.push(BridgeFixture.REPO, 7, SHA7); // Gitea recorded the head's push before any comment
        f.gitea.openPull(BridgeFixture.REPO, 8, SHA8);
        f.gitea.push(BridgeFixture.REPO, 8, SHA8);
    }

    @Test
    void aCommentOnAnEarlierPrWrittenWhileALaterPrWasListedIsNotLost() throws Exception {
        bridge = f.bridge(false);
        bridge.runOnce(); // the cursor is set

        String laterComments = "/api/v1/repos/" + BridgeFixture.REPO + "/issues/8/comments";
        DoubleServer.Hold slow = f.gitea.holdNext("GET", laterComments);
        Thread pass = new Thread(bridge::runOnce);
        pass.start();
        assertThat(slow.arrived().await(20, TimeUnit.SECONDS)).isTrue();
        // PR 7's comments were read already; Gitea is slow to list PR 8's.
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        HeadBindingTest.nextSecond();
        f.gitea.comment(BridgeFixture.REPO, 8, "bob", "looks good to me");
        slow.release().countDown();
        pass.join(20_000);

        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.drone.params(1)).containsEntry("PR", "7").containsEntry("REF", SHA7);
    }
}
