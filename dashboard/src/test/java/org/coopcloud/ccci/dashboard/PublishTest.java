package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.coopcloud.ccci.dashboard.publish.RunPublisher;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish API and its client over real HTTP: stored as sent, idempotent, authenticated. */
class PublishTest {
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path work;

    @Test
    void aPublishedRunIsStoredAsItCameWithoutWhatIsNotAResult() throws Exception {
        Path run = RunDirs.run(work.resolve("host-a"), "101", "demo-web", T, 3, "custom failed");
        try (TestDashboard dashboard = withStore()) {
            assertThat(publisher(dashboard, TestDashboard.TOKEN).publish(run)).isEqualTo(RunPublisher.Outcome.PUBLISHED);

            Path stored = store().resolve("101");
            for (String file : List.of("results.json", "pr-comment.md", "events.jsonl", "reports/TEST-cc-ci.xml",
                    "reports/open-test-report.xml")) {
                assertThat(Files.readAllBytes(stored.resolve(file))).as(file).isEqualTo(Files.readAllBytes(run.resolve(file)));
            }
            assertThat(stored.resolve("abra")).doesNotExist();
            assertThat(dashboard.get("/api/runs/101/results.json").body()).isEqualTo(Files.readString(run.resolve("results.json")));
        }
    }

    @Test
    void aSecondPublishOfTheSameRunChangesNothing() throws Exception {
        Path run = RunDirs.run(work.resolve("host-a"), "102", "demo-web", T, 4, "");
        try (TestDashboard dashboard = withStore()) {
            RunPublisher publisher = publisher(dashboard, TestDashboard.TOKEN);
            assertThat(publisher.publish(run)).isEqualTo(RunPublisher.Outcome.PUBLISHED);
            String before = snapshot(store());

            assertThat(publisher.publish(run)).isEqualTo(RunPublisher.Outcome.ALREADY_PUBLISHED);
            assertThat(snapshot(store())).isEqualTo(before);

            // Different files under the same id are refused, and the stored run stays as it was.
            Files.writeString(run.resolve("pr-comment.md"), "something else");
            assertThat(publisher.publish(run)).isEqualTo(RunPublisher.Outcome.REFUSED);
            assertThat(snapshot(store())).isEqualTo(before);
        }
    }

    @Test
    void aBadOrMissingTokenIsRefusedAndNothingIsStored() throws Exception {
        Path run = RunDirs.run(work.resolve("host-a"), "103", "demo-web", T, 4, "");
        try (TestDashboard dashboard = withStore()) {
            assertThat(publisher(dashboard, "not-the-token").publish(run)).isEqualTo(RunPublisher.Outcome.REFUSED);
            HttpResponse<String> noToken = dashboard.put("/api/runs/103", zipOf("results.json", "{}"));
            assertThat(noToken.statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = dashboard.put("/api/runs/103", zipOf("results.json", "{}"),
                    "Authorization", "Bearer " + TestDashboard.TOKEN + "x");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain(TestDashboard.TOKEN);

            assertThat(snapshot(store())).isEmpty();
            assertThat(dashboard.get("/runs/103").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aBodyThatIsNotARunsResultsIsRefusedNamingTheEntry() throws Exception {
        try (TestDashboard dashboard = withStore()) {
            String auth = "Bearer " + TestDashboard.TOKEN;
            HttpResponse<String> escape = dashboard.put("/api/runs/104", zipOf("../../etc/cron.d/x", "boom"), "Authorization", auth);
            assertThat(escape.statusCode()).isEqualTo(400);
            assertThat(escape.body()).contains("entry '../../etc/cron.d/x' is not one of a run's result files");
            assertThat(dashboard.put("/api/runs/104", "not a zip".getBytes(StandardCharsets.UTF_8), "Authorization", auth)
                    .statusCode()).isEqualTo(400);
            assertThat(dashboard.put("/api/runs/..", zipOf("results.json", "{}"), "Authorization", auth).statusCode())
                    .isIn(400, 404);
            assertThat(snapshot(store())).isEmpty();
            assertThat(work.resolve("etc")).doesNotExist();
        }
    }

    @Test
    void whatAKilledDashboardLeftHalfUnpackedIsClearedAtStartAndNeverShown() throws Exception {
        Path leftover = Files.createDirectories(store().resolve(".incoming/106-5f0c"));
        Files.writeString(leftover.resolve("results.json"), "{\"schema\": 1, \"rec");
        try (TestDashboard dashboard = withStore()) {
            assertThat(leftover).doesNotExist();
            assertThat(dashboard.get("/runs/106").statusCode()).isEqualTo(404);
            assertThat(dashboard.get("/").body()).doesNotContain("106");
        }
    }

    @Test
    void aDashboardThatIsDownMakesThePublisherGiveUpWithinItsBudget() throws Exception {
        Path run = RunDirs.run(work.resolve("host-a"), "105", "demo-web", T, 4, "");
        java.net.URI closed;
        try (TestDashboard dashboard = withStore()) {
            closed = dashboard.base();
        }
        long start = System.nanoTime();
        RunPublisher.Outcome outcome = new RunPublisher(closed, TestDashboard.TOKEN, Duration.ofSeconds(4)).publish(run);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome).isEqualTo(RunPublisher.Outcome.GAVE_UP);
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }

    private TestDashboard withStore() throws Exception {
        return TestDashboard.start(Optional.of(store()), Optional.empty(), Optional.empty(), Clock.systemUTC());
    }

    private Path store() {
        return work.resolve("store");
    }

    static RunPublisher publisher(TestDashboard dashboard, String token) {
        return new RunPublisher(dashboard.base(), token, Duration.ofSeconds(10));
    }

    /** Every stored file (not the store's own hidden directories) with its time and content. */
    static String snapshot(Path store) throws Exception {
        if (!Files.isDirectory(store)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        try (Stream<Path> walk = Files.walk(store)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> !store.relativize(p).toString().startsWith("."))
                    .sorted().toList()) {
                out.append(store.relativize(p)).append(' ').append(Files.getLastModifiedTime(p)).append('=').append(Files.readString(p)).append('\n');
            }
        }
        return out.toString();
    }

    private static byte[] zipOf(String name, String content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
