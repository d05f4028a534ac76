package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.coopcloud.ccci.dashboard.web.Pages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages, badges and files over real HTTP on loopback, from a runs directory on disk. */
class DashboardPagesTest {
    private static final String EVIL = "<script>document.title='pwned'</script><img src=x onerror=alert(1)> & \"quoted\"";
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path runs;

    @Test
    void theOverviewShowsEveryRecipesLatestLevelVerdictAndHistory() throws Exception {
        RunDirs.mainRun(runs, "10", "demo-web", T, 2, "backup failed");
        RunDirs.mainRun(runs, "11", "demo-web", T.plusSeconds(3600), 4, "");
        RunDirs.amend(RunDirs.infrastructureError(runs, "12", "gitea", T.plusSeconds(60)), java.util.Map.of("kind", "main"));
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            String html = dashboard.get("/").body();

            assertThat(html).contains("<a href=\"/recipes/demo-web\">demo-web</a>").contains("<a href=\"/recipes/gitea\">gitea</a>");
            String demo = row(html, "demo-web");
            assertThat(demo).contains("<span class=\"badge l4\">level 4</span>")
                    .contains("Level 4 of 4, every rung that ran passed.")
                    .contains("2026-11-29 11:00 UTC").as("absolute time with its zone, and relative").containsPattern("<span class=\"ago\">\\([0-9]+ d ago\\)</span>");
            assertThat(demo).as("history newest first").containsSubsequence("href=\"/runs/11\"", "href=\"/runs/10\"")
                    .contains("class=\"dot l2\"");
            assertThat(row(html, "gitea")).contains("<span class=\"badge infra\">infra error</span>")
                    .contains("No level: infrastructure error: docker daemon not reachable")
                    .doesNotContain("level 0");
        }
    }

    @Test
    void theRecipePageListsItsRunsNewestFirstWithTheirRungsUpToACap() throws Exception {
        for (int i = 0; i < Pages.RECIPE_PAGE_CAP + 3; i++) {
            RunDirs.run(runs, "r" + i, "demo-web", T.plusSeconds(60L * i), i % 5, "rung " + i + " failed");
        }
        RunDirs.run(runs, "other", "gitea", T, 4, "");
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            String html = dashboard.get("/recipes/demo-web").body();

            assertThat(html).containsSubsequence("href=\"/runs/r52\"", "href=\"/runs/r51\"", "href=\"/runs/r50\"")
                    .doesNotContain("href=\"/runs/r2\"").doesNotContain("/runs/other")
                    .contains("Showing the newest 50 of 53 runs.")
                    .containsPattern("<span class=\"rung fail[^\"]*\" title=\"upgrade: fail \\(rung 51 failed\\)[^\"]*\">upgrade")
                    .contains("#12");
        }
    }

    @Test
    void theRunPageShowsRungsWithReasonsAndVersionsEachCheckWithItsFailureTheEventsAndTheFiles() throws Exception {
        RunDirs.run(runs, "20", "demo-web", T, 1, "upgrade failed: HTTP 502 from https://demo.ci.test/");
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            String html = dashboard.get("/runs/20").body();

            assertThat(html).contains("<td class=\"reason\" data-label=\"reason\">upgrade failed: HTTP 502 from https://demo.ci.test/</td>")
                    .contains("under-test 1.2.0+2.1")
                    .as("a check by its display name under its rung, not its Java class")
                    .contains("<td data-label=\"rung\">upgrade</td><td data-label=\"check\">serving<div class=\"failure\">upgrade failed: HTTP 502 from https://demo.ci.test/</div>")
                    .doesNotContain("UpgradeTier").as("no stack trace for the recipe's failure").doesNotContain("at Tier.serving")
                    .contains("deploy.done").contains("purpose=install")
                    .contains("bin/ccci run demo-web --ref 3f2a9c1 --pr 12 --src coop-cloud/demo-web")
                    .contains("href=\"/runs/20/files/reports/TEST-cc-ci.xml\"")
                    .contains("href=\"/runs/20/files/reports/open-test-report.xml\"")
                    .contains("href=\"/runs/20/files/events.jsonl\"");
            HttpResponse<String> xml = dashboard.get("/runs/20/files/reports/TEST-cc-ci.xml");
            assertThat(xml.statusCode()).isEqualTo(200);
            assertThat(xml.body()).isEqualTo(Files.readString(runs.resolve("20/reports/TEST-cc-ci.xml")));
            assertThat(xml.headers().firstValue("Content-Security-Policy")).get().asString().contains("sandbox");
            assertThat(dashboard.get("/runs/20/files/abra/recipes/demo-web/compose.yml").statusCode())
                    .as("only result files are served").isEqualTo(404);
            assertThat(dashboard.get("/runs/20/files/../../etc/passwd").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void everyStringFromTheRecipeOrTheFailureIsEscaped() throws Exception {
        RunDirs.run(runs, "30", "demo-web", T, 2, EVIL);
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            for (String page : new String[] {"/", "/recipes/demo-web", "/runs/30", "/runs/30/card"}) {
                HttpResponse<String> response = dashboard.get(page);
                assertThat(response.body()).as(page).doesNotContain("<script>").doesNotContain("<img src=x");
                assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
                        .startsWith("default-src 'none'").doesNotContain("script-src");
            }
            assertThat(dashboard.get("/runs/30").body())
                    .contains("<div class=\"failure\">&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; \"quoted\"</div>");
            assertThat(dashboard.get("/recipes/demo-web").body()).as("in an attribute, quotes are escaped too ('>' is inert there)")
                    .contains("title=\"backup: fail (&lt;script>document.title=&#39;pwned&#39;&lt;/script>&lt;img src=x onerror=alert(1)> &amp; &#34;quoted&#34;)\"");
        }
    }

    @Test
    void aMalformedOrHalfWrittenRunIsShownAsSuchAndBreaksNoPage() throws Exception {
        RunDirs.run(runs, "40", "demo-web", T, 4, "");
        Path bad = RunDirs.run(runs, "41", "demo-web", T.plusSeconds(60), 4, "");
        Files.writeString(bad.resolve("results.json"), "{\"schema\": 1, \"recipe\": \"demo-web\", \"rungs\": [");
        Files.writeString(bad.resolve("reports/TEST-cc-ci.xml"), "<testsuite><testcase");
        Files.createDirectories(runs.resolve("42-empty"));
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            assertThat(dashboard.get("/").statusCode()).isEqualTo(200);
            assertThat(row(dashboard.get("/").body(), "demo-web")).contains("class=\"dot unknown\" href=\"/runs/41\" title=\"run 41, 2026-11-29 10:01 UTC: unreadable\"");
            assertThat(dashboard.get("/").body()).contains("Runs whose recipe cannot be read").contains("run 42-empty");
            HttpResponse<String> page = dashboard.get("/runs/41");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("results.json is not valid JSON").contains("JUnit XML report is not readable XML");
            assertThat(dashboard.get("/recipes/demo-web").body()).contains("href=\"/runs/40\"").contains("href=\"/runs/41\"");
            assertThat(dashboard.get("/runs/42-empty").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theBadgeShowsTheLatestLevelColouredByLevelWithCacheableHeaders() throws Exception {
        RunDirs.mainRun(runs, "50", "demo-web", T, 4, "");
        RunDirs.mainRun(runs, "51", "demo-web", T.plusSeconds(60), 1, "upgrade failed");
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            HttpResponse<String> badge = dashboard.get("/badge/demo-web.svg");

            assertThat(badge.statusCode()).isEqualTo(200);
            assertThat(badge.headers().firstValue("Content-Type")).contains("image/svg+xml; charset=utf-8");
            assertThat(badge.body()).contains(">level 1</text>").contains("fill=\"#a84800\"").startsWith("<svg");
            assertThat(badge.headers().firstValue("Cache-Control")).get().asString().contains("max-age=");
            String etag = badge.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = dashboard.get("/badge/demo-web.svg", "If-None-Match", etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();

            RunDirs.mainRun(runs, "52", "demo-web", T.plusSeconds(120), 3, "custom failed");
            // The run index picks a new run directory up as it is written (a file watch), not per request.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> changed = dashboard.get("/badge/demo-web.svg", "If-None-Match", etag);
                assertThat(changed.statusCode()).isEqualTo(200);
                assertThat(changed.body()).contains(">level 3</text>").contains("fill=\"#5a7010\"");
            });
            assertThat(dashboard.get("/runs/50/badge.svg").body()).as("a run's own badge").contains(">level 4</text>");
            assertThat(dashboard.get("/badge/nothing.svg").body()).contains(">no runs</text>");

            RunDirs.write(runs, RunDirs.results("53", "demo-web", T.plusSeconds(180), org.coopcloud.ccci.engine.results.StepResult.PASSED,
                    RunDirs.passedRungs(), true), "");
            assertThat(dashboard.get("/runs/53/badge.svg").body()).as("a quick run's level says it is one")
                    .contains(">level 4, quick</text>");
            assertThat(dashboard.get("/badge/demo-web.svg").body()).as("the recipe's badge stays at main's level")
                    .contains(">level 3</text>");
            RunDirs.run(runs, "54", "demo-web", T.plusSeconds(240), 0, "install failed");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(dashboard.get("/").body())
                    .contains("href=\"/runs/54\""));
            assertThat(dashboard.get("/badge/demo-web.svg").body()).as("a later failing PR run does not move it")
                    .contains(">level 3</text>");
            assertThat(dashboard.get("/").body()).contains("class=\"dot l4 quick-run\" href=\"/runs/53\"");
        }
    }

    @Test
    void theBadgeSaysInfraErrorOrRunningWhenThatIsTheTruth() throws Exception {
        RunDirs.mainRun(runs, "60", "demo-web", T, 4, "");
        RunDirs.amend(RunDirs.infrastructureError(runs, "61", "demo-web", T.plusSeconds(60)), java.util.Map.of("kind", "main"));
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            assertThat(dashboard.get("/badge/demo-web.svg").body()).contains(">infra error</text>").doesNotContain("level 0");

            Path live = Files.createDirectories(runs.resolve("62"));
            Files.writeString(live.resolve("events.jsonl"), "{\"ts\":\"" + Instant.now()
                    + "\",\"event\":\"run.start\",\"recipe\":\"demo-web\"}\n");
            assertThat(dashboard.get("/runs/62/badge.svg").body()).contains(">running</text>");
            assertThat(dashboard.get("/badge/demo-web.svg").body()).as("main's latest finished run").contains(">infra error</text>");
        }
    }

    @Test
    void theApiServesResultsAndTheCommentAndAnswers404UntilTheyArePresent() throws Exception {
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            assertThat(dashboard.get("/api/runs/70/results.json").statusCode()).isEqualTo(404);
            Path live = Files.createDirectories(runs.resolve("70"));
            Files.writeString(live.resolve("events.jsonl"), "{\"ts\":\"" + Instant.now() + "\",\"event\":\"run.start\",\"recipe\":\"demo-web\"}\n");
            assertThat(dashboard.get("/api/runs/70/results.json").statusCode()).isEqualTo(404);
            assertThat(dashboard.get("/api/runs/70/pr-comment.md").statusCode()).isEqualTo(404);

            RunDirs.run(runs, "70", "demo-web", T, 4, "");
            HttpResponse<String> results = dashboard.get("/api/runs/70/results.json");
            assertThat(results.statusCode()).isEqualTo(200);
            assertThat(results.body()).isEqualTo(Files.readString(live.resolve("results.json")));
            HttpResponse<String> comment = dashboard.get("/api/runs/70/pr-comment.md");
            assertThat(comment.statusCode()).isEqualTo(200);
            assertThat(comment.body()).contains("— level 4 of 4, every rung that ran passed");
        }
    }

    @Test
    void theAppsLandingPageIsShownWhenTheRunHasOneAndLeftOutWhenNot() throws Exception {
        RunDirs.run(runs, "90", "demo-web", T, 4, "");
        Path with = RunDirs.run(runs, "91", "demo-web", T, 4, "");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        Files.write(with.resolve("app-screenshot.png"), png);
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            assertThat(dashboard.get("/runs/90").body()).doesNotContain("class=\"screenshot\"");
            assertThat(dashboard.get("/runs/91").body())
                    .contains("<img class=\"screenshot\" src=\"/runs/91/files/app-screenshot.png\" alt=\"landing page of demo-web\">");
            HttpResponse<byte[]> image = dashboard.getBytes("/runs/91/files/app-screenshot.png");
            assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
            assertThat(image.body()).isEqualTo(png);
        }
    }

    @Test
    void aFileThatArrivesAfterTheRunWasFirstReadIsServed() throws Exception {
        Path run = RunDirs.run(runs, "80", "demo-web", T, 4, "");
        String comment = Files.readString(run.resolve("pr-comment.md"));
        Files.delete(run.resolve("pr-comment.md"));
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            assertThat(dashboard.get("/api/runs/80/pr-comment.md").statusCode()).isEqualTo(404);

            Files.writeString(run.resolve("pr-comment.md"), comment);

            assertThat(dashboard.get("/api/runs/80/pr-comment.md").body()).isEqualTo(comment);
        }
    }

    @Test
    void anUnknownRecipeIsNotFoundAndItsBadgeSaysNoRuns() throws Exception {
        RunDirs.mainRun(runs, "1", "demo-web", T, 4, "");
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            HttpResponse<String> typo = dashboard.get("/recipes/demo-wbe");

            assertThat(typo.statusCode()).isEqualTo(404);
            assertThat(typo.body()).contains("No runs of a recipe named 'demo-wbe' here. Is the name right?");
            assertThat(dashboard.get("/recipes/demo-web").statusCode()).isEqualTo(200);
            assertThat(dashboard.get("/badge/demo-wbe.svg").body()).as("a README's badge before the first run").contains(">no runs</text>");
        }
    }

    @Test
    void aRungThatDidNotRunSaysWhyInAFewWordsNotACopyOfTheReason() throws Exception {
        String reason = "docker daemon not reachable: dial unix /var/run/docker.sock: connect: connection refused";
        java.util.List<org.coopcloud.ccci.engine.results.RungResult> rungs = new java.util.ArrayList<>();
        for (org.coopcloud.ccci.engine.api.Stage stage : org.coopcloud.ccci.engine.api.Stage.values()) {
            rungs.add(new org.coopcloud.ccci.engine.results.RungResult(stage, org.coopcloud.ccci.engine.results.RungStatus.UNVERIFIED,
                    java.util.Optional.of("setup failed: " + reason), java.util.Optional.empty(), java.util.Map.of(), 0));
        }
        RunDirs.write(runs, RunDirs.results("7", "demo-web", T, org.coopcloud.ccci.engine.results.StepResult.failed(reason,
                org.coopcloud.ccci.engine.results.FailureKind.INFRASTRUCTURE), rungs, false), "");
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            String html = dashboard.get("/runs/7").body();
            String rungTable = html.substring(html.indexOf("<table class=\"rungtable"), html.indexOf("</table>", html.indexOf("<table class=\"rungtable")));

            assertThat(rungTable).contains("not run: setup failed").doesNotContain(reason);
            assertThat(rungTable.split("not run: setup failed", -1)).hasSize(6);
            assertThat(html).as("the cause heads the page, once").containsSubsequence("class=\"cause\"", reason, "rungtable")
                    .as("the setup's own row is folded under the details").containsSubsequence("<details><summary>Setup and teardown", reason);
        }
    }

    @Test
    void linksFromResultsJsonAreOnlyWebPages() throws Exception {
        RunDirs.amend(RunDirs.run(runs, "8", "demo-web", T, 1, "upgrade failed"), java.util.Map.of("links",
                java.util.Map.of("pr", "javascript:alert(1)", "build", "https://drone.example/8")));
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            String html = dashboard.get("/runs/8").body();

            assertThat(html).doesNotContain("javascript:").contains("<a class=\"ext\" href=\"https://drone.example/8\">the Drone build</a>");
        }
    }

    @Test
    void aResultsJsonOfAnOlderSchemaWithoutTheNewFieldsIsRead() throws Exception {
        // RunDirs writes with the engine's writer; a schema-1 file has no kind, commit, links or cause.
        Path run = RunDirs.run(runs, "9", "demo-web", T, 2, "backup failed");
        String json = Files.readString(run.resolve("results.json")).replaceFirst("\"schema\" : \\d+", "\"schema\" : 1");
        Files.writeString(run.resolve("results.json"), json);
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            assertThat(dashboard.get("/runs/9").body()).contains("<span class=\"badge l2\">level 2</span>")
                    .contains("PR #12 of coop-cloud/demo-web");
        }
    }

    @Test
    void aRunningRunWithoutTheHarnesssEstimateGetsOneFromTheEarlierPassedRunsHere() throws Exception {
        RunDirs.mainRun(runs, "1", "demo-web", T, 4, ""); // passed in 83 s, every stage
        RunDirs.mainRun(runs, "2", "demo-web", T.plusSeconds(600), 2, "backup failed"); // failed: not counted
        Instant started = T.plusSeconds(3600);
        RunDirs.running(runs, "3", "demo-web", started,
                "{\"ts\":\"" + started.plusSeconds(10) + "\",\"event\":\"tier.start\",\"stage\":\"install\"}");
        java.time.Clock clock = java.time.Clock.fixed(started.plusSeconds(30), java.time.ZoneOffset.UTC);
        try (TestDashboard dashboard = TestDashboard.start(java.util.Optional.empty(), java.util.Optional.of(runs),
                java.util.Optional.empty(), clock)) {
            String html = dashboard.get("/runs/3").body();

            assertThat(html).contains("Now: <strong>install (rung 1 of 5)</strong>")
                    .contains("Running for 30 s; expected to finish at 11:01 UTC, in about 53 s.")
                    .contains("<meta http-equiv=\"refresh\" content=\"15\">");
        }
    }

    @Test
    void aStackTraceIsShownOnlyForCcCisOwnErrorsAndOnlyUnderAFold() throws Exception {
        Path infra = RunDirs.infrastructureError(runs, "5", "demo-web", T);
        Files.writeString(infra.resolve("reports/TEST-cc-ci.xml"), "<testsuite name=\"cc-ci\"><testcase name=\"set up and deploy\" time=\"1\">"
                + "<error message=\"docker daemon not reachable\" type=\"java.io.IOException\">java.io.IOException: docker daemon not reachable\n"
                + "\tat org.coopcloud.ccci.harness.docker.DockerClient.get(DockerClient.java:42)</error></testcase></testsuite>");
        RunDirs.run(runs, "6", "demo-web", T, 1, "upgrade failed: HTTP 502");
        try (TestDashboard dashboard = TestDashboard.local(runs)) {
            assertThat(dashboard.get("/runs/5").body()).contains("<details><summary>cc-ci's stack trace</summary><pre>java.io.IOException: "
                    + "docker daemon not reachable\n\tat org.coopcloud.ccci.harness.docker.DockerClient.get(DockerClient.java:42)</pre></details>");
            assertThat(dashboard.get("/runs/6").body()).as("the recipe's failure: its message, no Java")
                    .contains("<div class=\"failure\">upgrade failed: HTTP 502</div>").doesNotContain("stack trace").doesNotContain("AssertionError");
        }
    }

    /** The overview's table row of one recipe. */
    private static String row(String html, String recipe) {
        Matcher m = Pattern.compile("<tr>\\s*<td class=\"recipe\" data-label=\"recipe\"><a href=\"/recipes/" + recipe + "\">.*?</tr>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("a row for " + recipe).isTrue();
        return m.group();
    }
}
