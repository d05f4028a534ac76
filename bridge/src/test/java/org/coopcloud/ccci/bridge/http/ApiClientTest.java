package org.coopcloud.ccci.bridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.coopcloud.ccci.bridge.BridgeFixture;
import org.coopcloud.ccci.bridge.doubles.DashboardDouble;
import org.coopcloud.ccci.bridge.doubles.DoubleServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retry rules on their own, against the simplest double (the dashboard's read API). */
class ApiClientTest {
    static final String PATH = "/api/runs/1/results.json";
    DashboardDouble server;
    ApiClient client;
    URI uri;

    @BeforeEach
    void setUp() throws Exception {
        server = new DashboardDouble();
        server.publish("1", "{}", null);
        client = new ApiClient("dashboard", BridgeFixture.FAST, null, null);
        uri = URI.create(server.url() + PATH);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aRetryAfterDateIsWaitedFor() throws Exception {
        String at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        server.failNext("GET", PATH, new Reply(429, Map.of("Retry-After", at), "later"));
        long start = System.nanoTime();
        assertThat(client.get(uri).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(server.seen()).hasSize(2);
    }

    @Test
    void aPlainForbiddenIsNotRetriedAndACreatingCallIsNotResentAfterAServerError() throws Exception {
        server.failNext("GET", PATH, Reply.text(403, "forbidden"));
        assertThat(client.get(uri).status()).isEqualTo(403);
        assertThat(server.seen()).hasSize(1);

        server.failNext("GET", PATH, Reply.text(500, "boom"));
        assertThat(client.send("GET", uri, null, ApiClient.Retry.ONLY_IF_REFUSED).status()).isEqualTo(500);
        assertThat(server.seen()).hasSize(2);
    }

    @Test
    void retriesStopAfterTheAttemptsAndTheErrorNamesTheCall() throws Exception {
        RetryPolicy impatient = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofMillis(300));
        ApiClient quick = new ApiClient("dashboard", impatient, null, null);
        for (int i = 0; i < impatient.attempts(); i++) {
            server.delayNext("GET", PATH, 800);
        }
        assertThatThrownBy(() -> quick.get(uri)).isInstanceOf(ApiException.class)
                .hasMessage("dashboard GET " + PATH + " timed out");
        assertThat(server.seen()).hasSize(impatient.attempts());
    }
}
