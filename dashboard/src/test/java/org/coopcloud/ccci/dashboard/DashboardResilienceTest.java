package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.attribute.PosixFilePermissions;
import org.coopcloud.ccci.dashboard.web.CardRenderer;
import org.coopcloud.ccci.dashboard.web.DashboardServer;
import org.coopcloud.ccci.dashboard.web.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the dashboard over real sockets (issue 18 items 7 and 8): connections that never finish
 * their headers, a burst of summary-card requests rendered by the real headless Chromium, and a run
 * whose results.json holds a date no calendar can print. Pages must keep answering through all of them.
 */
class DashboardResilienceTest {
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");
    /** How long a page may take while the dashboard is under attack before we call it starved. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aRunWhoseDateIsOutOfRangeIsMarkedAndEveryPageStillAnswers() throws Exception {
        Path runs = work.resolve("runs");
        RunDirs.run(runs, "1", "demo-web", T, 4, "");
        Path bad = RunDirs.run(runs, "2", "demo-web", T.plusSeconds(60), 2, "backup failed");
        Path results = bad.resolve("results.json");
        Files.writeString(results, Files.readString(results).replaceFirst("\"started_at\" : \"[^\"]+\"",
                "\"started_at\" : \"+1000000000-12-31T23:59:59Z\""));
        assertThat(Files.readString(results)).contains("+1000000000-12-31T23:59:59Z");
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            for (String page : List.of("/", "/recipes/demo-web", "/runs/2", "/runs/1", "/badge/demo-web.svg")) {
                HttpResponse<String> response = dashboard.get(page);
                assertThat(response.statusCode()).as(page).isEqualTo(200);
                assertThat(response.body()).as(page).isNotBlank();
            }
            assertThat(dashboard.get("/").body()).contains("href=\"/runs/1\"").contains("href=\"/recipes/demo-web\"");
            assertThat(dashboard.get("/recipes/demo-web").body()).contains("href=\"/runs/1\"").contains("href=\"/runs/2\"");
        }
    }

    @Test
    void connectionsThatNeverFinishTheirHeadersDoNotStarveThePages() throws Exception {
        Path runs = work.resolve("runs");
        RunDirs.run(runs, "1", "demo-web", T, 4, "");
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    Socket socket = new Socket("127.0.0.1", URI.create(dashboard.url("/")).getPort());
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-" + i + ": ").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    slow.add(socket);
                }
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(dashboard.url("/"))).timeout(PATIENCE).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("href=\"/recipes/demo-web\"");
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void eightCardRequestsAtOnceNeverStarveThePages() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find().orElseThrow(() -> new AssertionError(
                "no chromium on PATH: `bin/ccci sandbox up` installs Debian's chromium (or apt-get install chromium)"));
        Path runs = work.resolve("runs");
        for (int i = 1; i <= 8; i++) {
            RunDirs.run(runs, "c" + i, "demo-web", T.plusSeconds(60L * i), i % 5, "rung failed");
        }
        CardRenderer cards = new CardRenderer(chromium, work.resolve("cards"));
        try (TestDashboard dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs), Optional.of(cards),
                Clock.systemUTC())) {
            List<CompletableFuture<HttpResponse<byte[]>>> burst = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                burst.add(http.sendAsync(HttpRequest.newBuilder(URI.create(dashboard.url("/runs/c" + i + "/card.png")))
                        .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            Thread.sleep(1000);
            for (String page : List.of("/", "/recipes/demo-web", "/runs/c3", "/badge/demo-web.svg")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(dashboard.url(page)))
                        .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(page).isEqualTo(200);
            }
            int rendered = 0;
            for (CompletableFuture<HttpResponse<byte[]>> card : burst) {
                HttpResponse<byte[]> response = card.join();
                // Either the card, or an honest "busy, come back" with Retry-After: never a hang, never a 500.
                if (response.statusCode() == 200) {
                    assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
                    assertThat(response.body()).startsWith(0x89, 'P', 'N', 'G');
                    rendered++;
                } else {
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                }
            }
            assertThat(rendered).as("cards rendered").isPositive();
        }
    }

    @Test
    void aConnectionThatStopsMidHeadersIsClosedAfterTheIdleTimeout() throws Exception {
        Path runs = work.resolve("runs");
        RunDirs.run(runs, "1", "demo-web", T, 4, "");
        DashboardServer.Limits limits = new DashboardServer.Limits(Duration.ofSeconds(1), Duration.ofSeconds(30), 8, 64);
        try (TestDashboard dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs), Optional.empty(),
                Clock.systemUTC(), limits); Socket socket = new Socket("127.0.0.1", dashboard.port())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Far longer than the idle timeout: the server must end the connection, not wait for the rest.
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            byte[] answer;
            try {
                answer = in.readAllBytes();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a connection that sent half its headers for 30 s", e);
            }
            assertThat(new String(answer, StandardCharsets.US_ASCII)).as("nothing but perhaps a 408").satisfiesAnyOf(
                    a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
        }
    }

    @Test
    void aCardThatTakesTooLongGetsA503WithinTheRequestTimeLimitAndPagesStillAnswer() throws Exception {
        Path runs = work.resolve("runs");
        RunDirs.run(runs, "1", "demo-web", T, 4, "");
        DashboardServer.Limits limits = new DashboardServer.Limits(Duration.ofSeconds(20), Duration.ofSeconds(2), 8, 64);
        try (CardRenderer cards = chromiumDouble("a chromium that never finishes (a page that never loads)", "exec sleep 120");
                TestDashboard dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs), Optional.of(cards),
                        Clock.systemUTC(), limits)) {
            CompletableFuture<HttpResponse<String>> card = http.sendAsync(HttpRequest.newBuilder(URI.create(
                    dashboard.url("/runs/1/card.png"))).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.get("/").statusCode()).isEqualTo(200);
            HttpResponse<String> answer = card.join();
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.body()).contains("took longer than 2 s");
        }
    }

    @Test
    void aCardThatFailsToRenderReachesTheClientAsA500() throws Exception {
        Path runs = work.resolve("runs");
        RunDirs.run(runs, "1", "demo-web", T, 4, "");
        try (CardRenderer cards = chromiumDouble("a chromium that exits with an error at once", "exit 3");
                TestDashboard dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs), Optional.of(cards),
                        Clock.systemUTC())) {
            HttpResponse<String> answer = dashboard.get("/runs/1/card.png");
            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("internal error; see the dashboard's log");
        }
    }

    /** A card renderer over a test double for Chromium: a shell script saying what it stands for, doing {@code body}. */
    private CardRenderer chromiumDouble(String what, String body) throws Exception {
        Path script = work.resolve("chromium-double");
        Files.writeString(script, "#!/bin/sh\n# test double: " + what + "\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new CardRenderer(new HeadlessChromium(script.toString()), work.resolve("cards"));
    }
}
