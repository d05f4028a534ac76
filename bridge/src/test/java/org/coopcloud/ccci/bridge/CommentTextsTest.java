package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.bridge.store.Request;
import org.coopcloud.ccci.bridge.store.RequestState;
import org.junit.jupiter.api.Test;

class CommentTextsTest {
    static final Request REQUEST = new Request(42, "recipes/demo-web", 7, "abcdef0123456789abcdef0123456789abcdef01", "alice",
            false, "poll", RequestState.RUNNING, 9L, 100L, 0, 1L, 1L, null, 0L, null);
    static final String RUN_PAGE = "https://ci.example/runs/9";
    static final String LOG = "https://drone.example/coop-cloud/cc-ci/9";

    @Test
    void theVerdictKeepsTheMarkerAndAddsOnlyTheLinksThePrCommentLacks() {
        String bare = CommentTexts.verdict(REQUEST, "### cc-ci: demo-web reached **level 4**\n", RUN_PAGE, LOG);
        assertThat(bare).startsWith(CommentTexts.requestMarker(42)).contains("[Run page](" + RUN_PAGE + ")")
                .contains("[Drone log](" + LOG + ")").contains("commit `abcdef0123`");

        String linked = CommentTexts.verdict(REQUEST, "level 4 · [Run page](" + RUN_PAGE + ") · [Log](" + LOG + ")\n", RUN_PAGE, LOG);
        assertThat(linked).containsOnlyOnce(RUN_PAGE).containsOnlyOnce(LOG).startsWith(CommentTexts.requestMarker(42));
    }
}
