package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.dashboard.publish.RunPublisher;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: several CI hosts, one dashboard. Each host is a runs directory of its own; runs reach
 * the dashboard only by publishing, through the real client, the real Drone step wrapper and
 * {@code bin/ccci publish}, over loopback HTTP.
 */
class MultiHostTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T.plusSeconds(7200), ZoneOffset.UTC);

    @TempDir
    Path work;

    @Test
    void twoHostsPublishToOneDashboardAndItsPagesShowBothHostsRunsInTimeOrder() throws Exception {
        Path hostA = work.resolve("host-a");
        Path hostB = work.resolve("host-b");
        List<Path> runs = List.of(
                RunDirs.mainRun(hostA, "1", "demo-web", T, 4, ""),
                RunDirs.mainRun(hostB, "2", "demo-web", T.plusSeconds(600), 1, "upgrade failed"),
                RunDirs.mainRun(hostA, "3", "demo-web", T.plusSeconds(1200), 3, "custom failed"),
                RunDirs.mainRun(hostB, "4", "demo-web", T.plusSeconds(1800), 2, "backup failed"),
                RunDirs.infrastructureError(hostB, "5", "gitea", T.plusSeconds(300)));
        RunDirs.amend(runs.get(4), java.util.Map.of("kind", "main"));
        try (TestDashboard dashboard = TestDashboard.start(Optional.of(work.resolve("store")), Optional.empty(),
                Optional.empty(), CLOCK)) {
            for (Path run : runs) {
                assertThat(PublishTest.publisher(dashboard, TestDashboard.TOKEN).publish(run))
                        .isEqualTo(RunPublisher.Outcome.PUBLISHED);
            }

            assertThat(dashboard.get("/recipes/demo-web").body())
                    .containsSubsequence("href=\"/runs/4\"", "href=\"/runs/3\"", "href=\"/runs/2\"", "href=\"/runs/1\"");
            String overview = dashboard.get("/").body();
            assertThat(overview).contains("<a href=\"/runs/4\"><span class=\"badge l2\">level 2</span>")
                    .containsSubsequence("class=\"dot l2\" href=\"/runs/4\"", "class=\"dot l3\" href=\"/runs/3\"",
                            "class=\"dot l1\" href=\"/runs/2\"", "class=\"dot l4\" href=\"/runs/1\"")
                    .contains("<a href=\"/runs/5\"><span class=\"badge infra\">infra error</span>");
        }
    }

    @Test
    void aPublishedRunLooksExactlyLikeTheSameRunReadFromTheLocalRunsDirectory() throws Exception {
        Path host = work.resolve("host-a");
        RunDirs.run(host, "7", "demo-web", T, 4, "");
        RunDirs.run(host, "8", "demo-web", T.plusSeconds(60), 2, "backup failed: <b>tar</b> exited 2");
        try (TestDashboard local = TestDashboard.start(Optional.empty(), Optional.of(host), Optional.empty(), CLOCK);
             TestDashboard central = TestDashboard.start(Optional.of(work.resolve("store")), Optional.empty(), Optional.empty(), CLOCK)) {
            for (String id : List.of("7", "8")) {
                PublishTest.publisher(central, TestDashboard.TOKEN).publish(host.resolve(id));
            }
            for (String page : List.of("/", "/recipes/demo-web", "/runs/8", "/runs/8/card", "/badge/demo-web.svg",
                    "/runs/8/files/events.jsonl", "/api/runs/8/pr-comment.md")) {
                assertThat(central.get(page).body()).as(page).isEqualTo(local.get(page).body());
            }
        }
    }

    @Test
    void withTheDashboardDownTheRunExitsWithItsOwnStatusAndALaterPublishFillsTheGap() throws Exception {
        Path host = work.resolve("host-a");
        RunDirs.run(host, "201", "demo-web", T, 3, "custom failed");
        int closedPort;
        try (TestDashboard gone = TestDashboard.start(Optional.of(work.resolve("store")), Optional.empty(), Optional.empty(), CLOCK)) {
            closedPort = gone.base().getPort();
        }
        Map<String, String> env = publishEnv(host, "201", "http://127.0.0.1:" + closedPort);

        long start = System.nanoTime();
        Result step = run(List.of(ROOT.resolve("bin/drone-step").toString(), "bash", "-c", "sleep 0.2; exit 143"), env);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(step.status()).isEqualTo(143);
        assertThat(step.output()).contains("harness exited with status 143").contains("gave up on run 201")
                .contains("bin/ccci publish " + host.resolve("201")).doesNotContain(TestDashboard.TOKEN);
        assertThat(took).as("bounded by the publish budget (3 s) and the JVM's start").isLessThan(Duration.ofSeconds(40));

        try (TestDashboard dashboard = TestDashboard.start(Optional.of(work.resolve("store")), Optional.empty(), Optional.empty(), CLOCK)) {
            assertThat(dashboard.get("/runs/201").statusCode()).isEqualTo(404);
            Result later = run(List.of(ROOT.resolve("bin/ccci").toString(), "publish", host.resolve("201").toString()),
                    publishEnv(host, "201", dashboard.url("")));

            assertThat(later.status()).as(later.output()).isZero();
            assertThat(dashboard.get("/runs/201").body()).contains("<span class=\"badge l3\">level 3</span>");
            assertThat(dashboard.get("/api/runs/201/results.json").body()).isEqualTo(Files.readString(host.resolve("201/results.json")));
        }
    }

    @Test
    void theDroneStepPublishesEveryRunWhateverItsStatus() throws Exception {
        Path host = work.resolve("host-b");
        RunDirs.run(host, "301", "demo-web", T, 1, "upgrade failed");
        try (TestDashboard dashboard = TestDashboard.start(Optional.of(work.resolve("store")), Optional.empty(), Optional.empty(), CLOCK)) {
            Result step = run(List.of(ROOT.resolve("bin/drone-step").toString(), "bash", "-c", "exit 1"),
                    publishEnv(host, "301", dashboard.url("")));

            assertThat(step.status()).isEqualTo(1);
            assertThat(step.output()).contains("run 301 published");
            assertThat(dashboard.get("/runs/301").body()).contains("<span class=\"badge l1\">level 1</span>");
        }
    }

    @Test
    void aDashboardThatAcceptsButNeverAnswersHoldsTheStepNoLongerThanThePublishBudget() throws Exception {
        Path host = work.resolve("host-a");
        RunDirs.run(host, "401", "demo-web", T, 4, "");
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // Accepts connections (the kernel's backlog) and never reads or answers a byte.
            long start = System.nanoTime();
            Result step = run(List.of(ROOT.resolve("bin/drone-step").toString(), "bash", "-c", "exit 0"),
                    publishEnv(host, "401", "http://127.0.0.1:" + silent.getLocalPort()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(step.status()).isZero();
            assertThat(step.output()).contains("gave up on run 401");
            assertThat(took).as("the 3 s budget, the JVM's start and one request's timeout").isLessThan(Duration.ofSeconds(40));
        }
    }

    @Test
    void aCancelDuringThePublishEndsItAtOnceAndKeepsTheRunsOwnStatus() throws Exception {
        Path host = work.resolve("host-a");
        RunDirs.run(host, "402", "demo-web", T, 4, "");
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> env = new java.util.HashMap<>(publishEnv(host, "402", "http://127.0.0.1:" + silent.getLocalPort()));
            env.put("CCCI_PUBLISH_TIMEOUT_SECONDS", "600");
            ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/drone-step").toString(), "bash", "-c", "exit 1")
                    .redirectErrorStream(true);
            builder.environment().putAll(env);
            Process step = builder.start();
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(step.getInputStream()));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null && !line.contains("harness exited"); ) {
                seen.append(line).append('\n');
            }
            Thread.sleep(1500); // the publisher is now waiting on the silent dashboard
            long start = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", String.valueOf(step.pid())).start().waitFor();

            assertThat(step.waitFor(20, TimeUnit.SECONDS)).as("ended soon after the cancel").isTrue();
            assertThat(step.exitValue()).as("the harness's status, not the signal's").isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    private Map<String, String> publishEnv(Path runsDir, String buildNumber, String dashboardUrl) throws Exception {
        Path tokenFile = work.resolve("publish-token");
        Files.writeString(tokenFile, TestDashboard.TOKEN + "\n");
        return Map.of("CCCI_RUNS_DIR", runsDir.toString(), "DRONE_BUILD_NUMBER", buildNumber,
                "CCCI_DASHBOARD_URL", dashboardUrl, "CCCI_PUBLISH_TOKEN_FILE", tokenFile.toString(),
                "CCCI_PUBLISH_TIMEOUT_SECONDS", "3");
    }

    private record Result(int status, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("CCCI_PUBLISH_TOKEN");
        builder.environment().remove("CCCI_PUBLISH_URL");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
