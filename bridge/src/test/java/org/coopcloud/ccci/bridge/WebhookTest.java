package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble.StoredComment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/** The webhook path: signed deliveries as Gitea sends them, shared record with the poll. */
class WebhookTest extends BridgeTestBase {
    static final String SHA = "3333333333333333333333333333333333333333";

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startWithWebhook() throws Exception {
        f.gitea.openPull(BridgeFixture.REPO, 3, SHA);
        f.gitea.push(BridgeFixture.REPO, 3, SHA); // Gitea recorded the head's push before any comment
        bridge = f.bridge(true);
    }


    @Test
    void aCommentDeliveredByWebhookAndByPollAndReplayedIsHandledOnce() throws Exception {
        StoredComment c = f.gitea.comment(BridgeFixture.REPO, 3, "alice", "!testme");
        String payload = f.gitea.webhookPayload(c);

        assertThat(deliver(payload, sign(payload, f.hookSecret)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.drone.builds().size() == 1); // the webhook wakes the worker
        // The bridge runs every cycle on its one worker thread; this test's runOnce is a second thread, so
        // it waits until the worker has finished with the request (its "running" comment is posted).
        await().atMost(Duration.ofSeconds(10)).until(() -> f.gitea.commentsBy(GiteaDouble.BOT).size() == 1);
        bridge.runOnce(); // the poll sees the same comment
        assertThat(deliver(payload, sign(payload, f.hookSecret)).statusCode()).isEqualTo(202); // Gitea redelivers, or a replay
        bridge.runOnce();

        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
        assertThat(bridge.store().all()).singleElement().satisfies(r -> assertThat(r.source()).isEqualTo("webhook"));
    }

    @Test
    void aCommentSeenByPollFirstIsNotTriggeredAgainByItsWebhook() throws Exception {
        StoredComment c = f.gitea.comment(BridgeFixture.REPO, 3, "alice", "!testme --quick");
        bridge.runOnce();
        String payload = f.gitea.webhookPayload(c);
        assertThat(deliver(payload, sign(payload, f.hookSecret)).statusCode()).isEqualTo(202);
        bridge.runOnce();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(bridge.store().all()).singleElement().satisfies(r -> assertThat(r.source()).isEqualTo("poll"));
    }

    @Test
    void theDeliveryIsAnsweredWithinGiteasTimeoutWhileGiteaIsSlowAndTheRequestStillHappensOnce() throws Exception {
        String pull = "/api/v1/repos/" + BridgeFixture.REPO + "/pulls/3";
        for (int i = 0; i < 3; i++) {
            f.gitea.hangNext("GET", pull, true); // Gitea answers the PR lookup only on the fourth try
        }
        StoredComment c = f.gitea.comment(BridgeFixture.REPO, 3, "alice", "!testme");
        String payload = f.gitea.webhookPayload(c);

        // Gitea gives a delivery 5 s ([webhook] DELIVER_TIMEOUT), then counts it failed.
        HttpResponse<String> answer = deliver(payload, sign(payload, f.hookSecret), Duration.ofSeconds(5));
        assertThat(answer.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> f.drone.builds().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.gitea.commentsBy(GiteaDouble.BOT).size() == 1); // the worker is done with it
        bridge.runOnce(); // the poll sees the same comment
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(bridge.store().all()).singleElement().satisfies(r -> assertThat(r.source()).isEqualTo("webhook"));
    }

    @Test
    void aBadOrMissingSignatureIsRefusedAndRecordsNothing() throws Exception {
        StoredComment c = f.gitea.comment(BridgeFixture.REPO, 3, "alice", "!testme");
        String payload = f.gitea.webhookPayload(c);
        String good = sign(payload, f.hookSecret);

        assertThat(deliver(payload, sign(payload, "some-other-secret")).statusCode()).isEqualTo(403);
        assertThat(deliver(payload, null).statusCode()).isEqualTo(403);
        assertThat(deliver(payload, "not-hex").statusCode()).isEqualTo(403);
        String tampered = payload.replace("\"alice\"", "\"mallory\"");
        assertThat(deliver(tampered, good).statusCode()).isEqualTo(403); // the signature covers the exact body
        assertThat(deliver(payload, good.substring(0, good.length() - 2)).statusCode()).isEqualTo(403);

        assertThat(bridge.store().all()).isEmpty();
        assertThat(f.drone.builds()).isEmpty();
    }

    @Test
    void nonTriggerCommentsAndOtherReposByWebhookDoNothing() throws Exception {
        StoredComment c = f.gitea.comment(BridgeFixture.REPO, 3, "alice", "!testme please");
        String payload = f.gitea.webhookPayload(c);
        assertThat(deliver(payload, sign(payload, f.hookSecret)).statusCode()).isEqualTo(204);
        String elsewhere = f.gitea.webhookPayload(f.gitea.comment(BridgeFixture.REPO, 3, "alice", "!testme"))
                .replace(BridgeFixture.REPO, "someone/else");
        assertThat(deliver(elsewhere, sign(elsewhere, f.hookSecret)).statusCode()).isEqualTo(204);
        assertThat(bridge.store().all()).isEmpty();
    }

    private HttpResponse<String> deliver(String payload, String signature) throws Exception {
        return deliver(payload, signature, Duration.ofSeconds(60));
    }

    private HttpResponse<String> deliver(String payload, String signature, Duration timeout) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.webhookPort().orElseThrow() + "/hook"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Gitea-Event", "issue_comment")
                .header("X-Gitea-Delivery", java.util.UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            b.header("X-Gitea-Signature", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As Gitea's services/webhook/deliver.go: hex of HMAC-SHA256 over the exact body, keyed by the hook's secret. */
    static String sign(String payload, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }
}
