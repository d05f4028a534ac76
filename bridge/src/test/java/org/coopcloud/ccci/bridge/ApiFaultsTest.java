package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.bridge.config.BridgeConfig;
import org.coopcloud.ccci.bridge.doubles.DoubleServer.Reply;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble;
import org.coopcloud.ccci.bridge.store.RequestState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API errors, timeouts, rate limits and malformed answers: retried where safe, looked up where not, never a crash. */
class ApiFaultsTest extends BridgeTestBase {
    static final String SHA = "4444444444444444444444444444444444444444";
    static final String PULLS = "/api/v1/repos/recipes/demo-web/pulls";
    static final String COMMENTS = "/api/v1/repos/recipes/demo-web/issues/5/comments";
    static final String BUILDS = "/api/repos/coop-cloud/cc-ci/builds";


    @BeforeEach
    void openPullWithRequest() {
        f.gitea.openPull(BridgeFixture.REPO, 5, SHA);
        f.gitea.push(BridgeFixture.REPO, 5, SHA);
        f.gitea.comment(BridgeFixture.REPO, 5, "alice", "!testme");
    }


    @Test
    void serverErrorsAndTimeoutsOfSafeCallsAreRetriedWithinTheCycle() throws Exception {
        f.gitea.failNext("GET", PULLS, Reply.text(500, "boom"));
        f.gitea.failNext("GET", PULLS, Reply.text(502, "bad gateway"));
        f.gitea.delayNext("GET", COMMENTS, 2_500); // longer than the 2 s request timeout
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.gitea.seen()).filteredOn(s -> s.path().equals(PULLS)).hasSize(3);
        assertThat(logs.text()).contains("HTTP 500").contains("timed out");
    }

    @Test
    void rateLimitsAreWaitedOutAsTheServerAsks() throws Exception {
        f.gitea.failNext("GET", PULLS, new Reply(429, Map.of("Retry-After", "1"), "slow down"));
        f.gitea.failNext("GET", COMMENTS, new Reply(403, Map.of("X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", String.valueOf(Instant.now().getEpochSecond() + 1)), "rate limited"));
        bridge = f.bridge(false);
        long start = System.nanoTime();
        bridge.runOnce();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(logs.text()).contains("rate limited (HTTP 429)").contains("rate limited (HTTP 403)");
    }

    @Test
    void aFailedTriggerIsNotBlindlyResentButLookedUpThenSentOnce() throws Exception {
        f.drone.failNext("POST", BUILDS, Reply.text(503, "unavailable"));
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).isEmpty();
        assertThat(f.drone.seen()).filteredOn(s -> s.method().equals("POST")).hasSize(1); // no blind resend
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.drone.seen()).filteredOn(s -> s.method().equals("GET") && s.path().equals(BUILDS)).isNotEmpty();
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
    }

    @Test
    void aTriggerThatTimedOutAfterDroneCreatedTheBuildIsAdoptedNotDoubled() throws Exception {
        CountDownLatch arrived = f.drone.hangNext("POST", BUILDS, false); // build created, answer withheld
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(bridge.store().all().get(0).state()).isEqualTo(RequestState.TRIGGERING);
        bridge.runOnce();
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(bridge.store().all().get(0).buildNumber()).isEqualTo(1L);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
        assertThat(logs.text()).contains("adopting it");
    }

    @Test
    void aCommentPostThatTimedOutAfterGiteaStoredItIsFoundNotPostedTwice() throws Exception {
        CountDownLatch arrived = f.gitea.hangNext("POST", COMMENTS, false);
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
        bridge.runOnce();
        bridge.runOnce();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
        assertThat(bridge.store().all().get(0).state()).isEqualTo(RequestState.RUNNING);
        assertThat(bridge.store().all().get(0).replyId()).isEqualTo(f.gitea.commentsBy(GiteaDouble.BOT).get(0).id());
    }

    @Test
    void malformedAnswersAreLoggedAndTheBridgeCarriesOn() throws Exception {
        f.gitea.failNext("GET", PULLS, Reply.text(200, "<html>maintenance</html>"));
        bridge = f.bridge(false);
        bridge.runOnce();
        assertThat(f.drone.builds()).isEmpty();
        assertThat(logs.text()).contains("malformed answer");

        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        f.drone.failNext("GET", BUILDS + "/1", Reply.json(200, Map.of("number", "one", "status", 7)));
        bridge.runOnce();
        f.drone.finish(1, "success");
        f.dashboard.publish("1", "{\"schema\": 1, \"recipe\": ", "half a comment");
        bridge.runOnce(); // unreadable results: the grace period starts
        bridge.runOnce();
        assertThat(f.gitea.statusesOn(SHA)).last().satisfies(s -> assertThat(s.state()).isEqualTo("error"));
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT).get(0).body()).contains("no verdict").doesNotContain("half a comment");
    }

    @Test
    void wrongTokensFailWithoutShowingAnyToken() throws Exception {
        Properties p = f.properties(false);
        Map<String, String> env = f.env();
        env.put("T_GITEA", f.giteaToken + "-wrong");
        env.put("T_DRONE", f.droneToken + "-wrong");
        bridge = new Bridge(BridgeConfig.parse(p, env), BridgeFixture.FAST, java.time.Clock.systemUTC());
        bridge.runOnce();
        assertThat(f.drone.builds()).isEmpty();
        assertThat(logs.text()).contains("HTTP 401").doesNotContain("-wrong");
        assertThat(f.gitea.seen()).isNotEmpty().allSatisfy(s -> assertThat(s.authorization()).startsWith("token "));
    }
}
