package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.coopcloud.ccci.bridge.PublishedRuns.Outcome;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble.StoredComment;
import org.coopcloud.ccci.bridge.store.RequestState;
import org.junit.jupiter.api.BeforeEach;
import org.coopcloud.ccci.engine.results.Baseline;
import org.junit.jupiter.api.Test;

/** The whole loop against the doubles of Gitea, Drone and the dashboard, through real HTTP on loopback. */
class BridgeFlowTest extends BridgeTestBase {
    static final String SHA1 = "1111111111111111111111111111111111111111";
    static final String SHA2 = "2222222222222222222222222222222222222222";


    @BeforeEach
    void openPull() {
        f.gitea.openPull(BridgeFixture.REPO, 7, SHA1);
        f.gitea.push(BridgeFixture.REPO, 7, SHA1); // Gitea recorded the head's push before any comment
    }


    @Test
    void aMembersTestmeTriggersOneBuildAnnouncesItAndReportsTheVerdictOnTheSameComment() throws Exception {
        StoredComment request = f.gitea.comment(BridgeFixture.REPO, 7, "alice", "  !testme\n");
        bridge = f.bridge(false);
        bridge.runOnce();

        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.drone.params(1)).containsEntry("RECIPE", BridgeFixture.RECIPE).containsEntry("REF", SHA1)
                .containsEntry("PR", "7").containsEntry("SRC", BridgeFixture.REPO)
                .containsEntry(RequestProcessor.REQUEST_PARAM, String.valueOf(request.id()))
                .doesNotContainKey("CCCI_QUICK");
        List<StoredComment> bot = f.gitea.commentsBy(GiteaDouble.BOT);
        assertThat(bot).hasSize(1);
        assertThat(bot.get(0).body()).contains(CommentTexts.requestMarker(request.id())).contains("is running")
                .contains(f.drone.url() + "/" + BridgeFixture.DRONE_REPO + "/1");
        assertThat(f.gitea.statusesOn(SHA1)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo("pending");
            assertThat(s.context()).isEqualTo("cc-ci/testme");
        });

        bridge.runOnce(); // the build is still pending: nothing changes
        assertThat(f.gitea.statusesOn(SHA1)).hasSize(1);

        PublishedRuns.Files run = PublishedRuns.run("1", BridgeFixture.RECIPE, SHA1, 7, BridgeFixture.REPO, false, Outcome.PASSED);
        f.dashboard.publish("1", run.resultsJson(), run.prComment());
        f.drone.finish(1, "success");
        bridge.runOnce();

        bot = f.gitea.commentsBy(GiteaDouble.BOT);
        assertThat(bot).hasSize(1);
        assertThat(bot.get(0).body()).contains(CommentTexts.requestMarker(request.id()))
                .contains(run.bridgeComment(Baseline.NO_RUN, f.dashboard.url().toString(), droneLink(1)))
                .contains("— main has no run yet").contains(f.dashboard.url() + "/runs/1").doesNotContain("is running");
        assertThat(f.gitea.statusesOn(SHA1)).last().satisfies(s -> {
            assertThat(s.state()).isEqualTo("success");
            assertThat(s.description()).contains("level 4");
        });
        assertThat(bridge.store().find(request.id()).orElseThrow().state()).isEqualTo(RequestState.DONE);

        bridge.runOnce(); // done stays done
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.gitea.statusesOn(SHA1)).hasSize(2);
    }

    @Test
    void quickTriggersTheQuickLane() throws Exception {
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme --quick");
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.drone.params(1)).containsEntry("CCCI_QUICK", "1");
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT).get(0).body()).contains("Quick lane");
    }

    @Test
    void textsThatAreNotExactlyTheCommandTriggerNothing() throws Exception {
        for (String text : List.of("!testmexyz", "!testme foo", "> !testme", "please !testme", "!testme --quick now",
                "!TESTME", "!testme  --quick", "`!testme`",
                // code blocks and quotes in Gitea's CommonMark rendering: text shown, not a command
                "    !testme", "\t!testme", "\n\n    !testme\n", "   \t!testme", "```\n!testme\n```", "~~~\n!testme\n~~~",
                ">!testme")) {
            f.gitea.comment(BridgeFixture.REPO, 7, "alice", text);
        }
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).isEmpty();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).isEmpty();
        assertThat(bridge.store().all()).isEmpty();
    }

    @Test
    void anUnauthorisedCommenterGetsNoBuildAndExactlyOneShortReply() throws Exception {
        StoredComment request = f.gitea.comment(BridgeFixture.REPO, 7, "mallory", "!testme");
        bridge = f.bridge(false);
        bridge.runOnce();
        bridge.runOnce();
        bridge.runOnce();
        assertThat(f.drone.builds()).isEmpty();
        assertThat(f.gitea.statuses()).isEmpty();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).singleElement().satisfies(c -> {
            assertThat(c.body()).contains("@mallory").contains("members of `" + BridgeFixture.ORG + "`")
                    .contains("whose membership is private, make it public")
                    .contains(CommentTexts.refusalMarker(request.id()));
        });
        assertThat(bridge.store().find(request.id()).orElseThrow().state()).isEqualTo(RequestState.REFUSED);
    }

    @Test
    void aCommentByAnotherUserCarryingTheBridgesMarkerIsNeverAdopted() throws Exception {
        StoredComment request = f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        // The bot's "running" comment is sent but never arrives: the bridge must look before posting again.
        f.gitea.hangNext("POST", "/api/v1/repos/" + BridgeFixture.REPO + "/issues/7/comments", true);
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).isEmpty();
        // Anyone can read the request's id and write its marker into a comment of their own.
        f.gitea.comment(BridgeFixture.REPO, 7, "mallory", CommentTexts.requestMarker(request.id()) + "\nlevel 4: passed");
        bridge.runOnce();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).singleElement()
                .satisfies(c -> assertThat(c.body()).contains(CommentTexts.requestMarker(request.id())).contains("is running"));
        assertThat(bridge.store().find(request.id()).orElseThrow().replyId())
                .isEqualTo(f.gitea.commentsBy(GiteaDouble.BOT).get(0).id());
    }

    @Test
    void theAllowlistAndAMembershipBehindGiteasPublicMembersRedirectAuthorise() throws Exception {
        f.gitea.botIsOrgMember(false); // orgIsMember answers 303 to public_members
        f.gitea.comment(BridgeFixture.REPO, 7, "trusted-outsider", "!testme");
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme --quick");
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(2);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).noneMatch(c -> c.body().contains("no build was started"));
    }

    @Test
    void aStaleResultForAnOlderShaIsNeverReportedAsThisRunsVerdict() throws Exception {
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        bridge = f.bridge(false);
        bridge.runOnce(); // build 1 at SHA1
        f.gitea.push(BridgeFixture.REPO, 7, SHA2);
        StoredComment second = f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        bridge.runOnce(); // build 2 at SHA2
        assertThat(f.drone.params(2)).containsEntry("REF", SHA2);

        // Build 2 ends first, and what the dashboard holds as run 2 is a green result of SHA1 (the
        // original bridge's race: an older green reported for a newer head).
        PublishedRuns.Files stale = PublishedRuns.run("2", BridgeFixture.RECIPE, SHA1, 7, BridgeFixture.REPO, false, Outcome.PASSED);
        f.dashboard.publish("2", stale.resultsJson(), stale.prComment());
        f.drone.finish(2, "success");
        bridge.runOnce();

        assertThat(f.gitea.statusesOn(SHA2)).last().satisfies(s -> {
            assertThat(s.state()).isEqualTo("error");
            assertThat(s.description()).contains("not for this commit");
        });
        assertThat(f.gitea.statusesOn(SHA2)).noneMatch(s -> s.state().equals("success"));
        StoredComment secondReply = f.gitea.commentsBy(GiteaDouble.BOT).stream()
                .filter(c -> c.body().contains(CommentTexts.requestMarker(second.id()))).findFirst().orElseThrow();
        assertThat(secondReply.body()).doesNotContain(stale.prComment().strip()).contains("no verdict");

        // Build 1's own result goes to SHA1 and the first request's comment only.
        PublishedRuns.Files own = PublishedRuns.run("1", BridgeFixture.RECIPE, SHA1, 7, BridgeFixture.REPO, false, Outcome.APP_FAILED);
        f.dashboard.publish("1", own.resultsJson(), own.prComment());
        f.drone.finish(1, "failure");
        bridge.runOnce();
        assertThat(f.gitea.statusesOn(SHA1)).last().satisfies(s -> {
            assertThat(s.state()).isEqualTo("failure");
            assertThat(s.description()).contains("level 2");
        });
        assertThat(f.gitea.statusesOn(SHA2)).noneMatch(s -> s.state().equals("failure"));
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT))
                .filteredOn(c -> c.body().contains(own.bridgeComment(Baseline.NO_RUN, f.dashboard.url().toString(), droneLink(1)))).hasSize(1)
                .allMatch(c -> !c.body().contains(CommentTexts.requestMarker(second.id())));
    }

    @Test
    void aPrRunsCommentNamesMainsLevelAndTheStatusHeadsWithTheCause() throws Exception {
        f.dashboard.baseline(BridgeFixture.RECIPE, "main", 4);
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.params(1)).containsEntry("CCCI_TRIGGER", "testme");

        PublishedRuns.Files run = PublishedRuns.run("1", BridgeFixture.RECIPE, SHA1, 7, BridgeFixture.REPO, false, Outcome.APP_FAILED);
        f.dashboard.publish("1", run.resultsJson(), run.prComment());
        f.drone.finish(1, "failure");
        bridge.runOnce();

        String body = f.gitea.commentsBy(GiteaDouble.BOT).get(0).body();
        assertThat(body).contains("— level 2 of 4 — main is at level 4: backup regressed")
                .contains(run.bridgeComment(Baseline.of("main", java.util.Optional.of(4)), f.dashboard.url().toString(), droneLink(1)))
                .contains("[Drone log](" + droneLink(1) + ")");
        assertThat(f.gitea.statusesOn(SHA1)).last().satisfies(s -> {
            assertThat(s.state()).isEqualTo("failure");
            assertThat(s.description()).isEqualTo("level 2: backup produced no archive");
        });
    }

    private String droneLink(long build) {
        return f.drone.url() + "/" + BridgeFixture.DRONE_REPO + "/" + build;
    }

    @Test
    void anInfrastructureErrorAndAKilledBuildSaySoAndShowNoLevel() throws Exception {
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        f.gitea.openPull(BridgeFixture.REPO, 8, SHA2);
        f.gitea.push(BridgeFixture.REPO, 8, SHA2);
        f.gitea.comment(BridgeFixture.REPO, 8, "alice", "!testme");
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(2);

        PublishedRuns.Files infra = PublishedRuns.run("1", BridgeFixture.RECIPE, SHA1, 7, BridgeFixture.REPO, false,
                Outcome.INFRASTRUCTURE_ERROR);
        f.dashboard.publish("1", infra.resultsJson(), infra.prComment());
        f.drone.finish(1, "failure");
        f.drone.finish(2, "killed"); // cancelled before it published anything
        bridge.runOnce(); // build 2: finished, no results yet: the grace period starts
        bridge.runOnce();

        assertThat(f.gitea.statusesOn(SHA1)).last().satisfies(s -> {
            assertThat(s.state()).isEqualTo("error");
            assertThat(s.description()).contains("infrastructure error").doesNotContain("level 0");
        });
        assertThat(f.gitea.statusesOn(SHA2)).last().satisfies(s -> {
            assertThat(s.state()).isEqualTo("error");
            assertThat(s.description()).contains("killed");
        });
    }

    @Test
    void aVerdictWhoseCommentWasDeletedMeanwhileIsPostedAnew() throws Exception {
        f.gitea.comment(BridgeFixture.REPO, 7, "alice", "!testme");
        bridge = f.bridge(false);
        bridge.runOnce();
        f.gitea.delete(f.gitea.commentsBy(GiteaDouble.BOT).get(0).id());
        PublishedRuns.Files run = PublishedRuns.run("1", BridgeFixture.RECIPE, SHA1, 7, BridgeFixture.REPO, false, Outcome.PASSED);
        f.dashboard.publish("1", run.resultsJson(), run.prComment());
        f.drone.finish(1, "success");
        bridge.runOnce();
        bridge.runOnce();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).singleElement()
                .satisfies(c -> assertThat(c.body()).contains(run.bridgeComment(Baseline.NO_RUN, f.dashboard.url().toString(),
                        droneLink(1))));
        assertThat(f.gitea.statusesOn(SHA1)).last().satisfies(s -> assertThat(s.state()).isEqualTo("success"));
    }
}
