package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coopcloud.ccci.dashboard.testing.DocsPictures;
import org.coopcloud.ccci.dashboard.testing.Story;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.coopcloud.ccci.dashboard.web.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a maintainer reads, in a real browser. The three pages of issue 20's story in Debian's Chromium at a desktop's 1280 px and a phone's
 * 390 px. The pictures go to target/screenshots and, with {@code -Dccci.docs.screenshots=<dir>},
 * there too (docs/img).
 */
class ReadableAnywhereTest {
    static final List<String> PAGES = List.of("/", "/recipes/demo-web", "/runs/210", "/runs/215");
    static final List<String> NAMES = List.of("overview", "recipe", "run", "run-running");

    @TempDir
    static Path work;
    static HeadlessChromium chromium;
    static TestDashboard dashboard;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.find().orElseThrow(() -> new AssertionError("no chromium on PATH"));
        Path runs = work.resolve("runs");
        Story.write(runs);
        dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs), Optional.empty(), Story.CLOCK);
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    void theRecipesHeadlineAndBadgeStayAtMainsLevelAfterALaterPrRunFailed() throws Exception {
        String dom = chromium.dumpDom(dashboard.url("/recipes/demo-web"));

        // Run 210 (PR #12, level 2) is newer than main's run 205 (level 4).
        assertThat(dom).contains("Main: <a href=\"/runs/205\"><span class=\"badge l4\">level 4</span></a>")
                .contains("alt=\"level 4 on main\"")
                .contains("main is at level 4: 2 below");
        assertThat(dashboard.get("/badge/demo-web.svg").body()).contains(">level 4</text>").doesNotContain("level 2");
        assertThat(dashboard.get("/runs/210/badge.svg").body()).as("a failed run's badge text heads with its cause")
                .contains("<title>demo-web: level 2. Level 2 of 4: backup: the store service exits at start: STORE_QUOTA is not set</title>");
        String overview = chromium.dumpDom(dashboard.url("/"));
        assertThat(overview).containsSubsequence(">demo-web<", "<a href=\"/runs/205\"><span class=\"badge l4\">level 4</span>",
                "<span class=\"badge l2\">level 2</span> <span class=\"delta\">main is at level 4: 2 below</span>", ">gitea<")
                .containsSubsequence(">nextcloud<", "no main run", "Main has no run yet.", "main has no run yet");
        assertThat(dashboard.get("/badge/nextcloud.svg").body()).contains(">no main run</text>");
    }

    @Test
    void theRecipePageExplainsItsHistoryLevelsOverTimeCommitsAndFlakes() throws Exception {
        String dom = chromium.dumpDom(dashboard.url("/recipes/demo-web"));

        // Main's commit 5d1c0ff passed backup in run 205 and failed it in run 203.
        assertThat(dom).contains("<svg class=\"chart\"")
                .containsSubsequence("<title>run 200 (main), 2026-11-29 09:00 UTC: level 4, 1 min 23 s, commit 6d1c0ff</title>",
                        "<title>run 203 (main), 2026-11-29 09:20 UTC: level 2, 1 min 23 s, commit 5d1c0ff</title>",
                        "<title>run 210 (PR #12), 2026-11-29 11:00 UTC: level 2, 1 min 23 s, commit 9a8b7c6</title>")
                .as("the running run joins the chart when it ends").doesNotContain("<title>run 215")
                .contains("<tr class=\"flaky\"><td data-label=\"rung\">backup</td><td class=\"num\" data-label=\"different verdicts\">1</td>"
                        + "<td class=\"num\" data-label=\"run more than once\">1</td><td class=\"mono\" data-label=\"commits\">5d1c0ff</td></tr>")
                .containsPattern("<span class=\"rung fail flaky\" title=\"backup: fail \\(backup failed: restic exited 1 \\(lock held\\)\\); "
                        + "flaky: commit 5d1c0ff got different verdicts on this rung\">backup")
                .as("each run's commit, and the default branch named").contains("default branch</span> <span class=\"mono\">@ 5d1c0ff</span>");
    }

    @Test
    void aRunningRunsPageShowsItsCurrentRungElapsedTimeAndEtaAndRefreshesItself() throws Exception {
        String dom = chromium.dumpDom(dashboard.url("/runs/215"));

        // started 4 min before the dashboard's clock; the harness's run.estimate says 540 s in all
        assertThat(dom).contains("<meta http-equiv=\"refresh\" content=\"15\">")
                .contains("Now: <strong>upgrade (rung 2 of 5)</strong>")
                .contains("Running for 4 min 0 s; expected to finish at 12:05 UTC, in about 5 min 0 s.")
                .contains("<span class=\"rung pass\" title=\"install: pass\">install</span>");
        assertThat(chromium.dumpDom(dashboard.url("/runs/210"))).as("a finished run's page stays still")
                .doesNotContain("http-equiv=\"refresh\"");
    }

    @Test
    void theRunPageHeadsWithTheCauseLinksThePrCommitAndBuildAndSaysWhichRungsDidNotRun() throws Exception {
        String dom = chromium.dumpDom(dashboard.url("/runs/210"));

        assertThat(dom).containsSubsequence("<p class=\"cause-summary\">backup: the store service exits at start: STORE_QUOTA is not set</p>",
                        Story.FATAL, "<table class=\"rungtable", "<h2>Details</h2>", "<details><summary>Setup and teardown")
                .contains("<a class=\"ext\" href=\"https://git.coopcloud.tech/coop-cloud/demo-web/pulls/12\">the pull request</a>")
                .contains("href=\"https://build.coopcloud.tech/coop-cloud/demo-web/210\">the Drone build</a>")
                .contains(">commit 9a8b7c6</a>")
                .contains("<td class=\"reason not-run\" data-label=\"reason\">not run: prerequisite failed</td>")
                .as("checks by display name, no stack trace for the recipe's failure")
                .contains(">serving<").doesNotContain("BackupTier.serving").doesNotContain("at Tier.serving");
    }

    @Test
    void noPageScrollsSidewaysAtAPhonesWidth() throws Exception {
        for (String page : PAGES) {
            Matcher m = Pattern.compile("data-scroll-width=\"(\\d+)\" data-inner-width=\"(\\d+)\" data-over=\"([^\"]*)\"")
                    .matcher(probe(page, 390));
            assertThat(m.find()).as("the probe ran on " + page).isTrue();
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(390);
            assertThat(Integer.parseInt(m.group(1))).as(page + " is no wider than the window; too wide: " + m.group(3))
                    .isLessThanOrEqualTo(390);
        }
    }

    @Test
    void theProbeSeesAPageThatIsTooWide() throws Exception {
        // The probe itself can fail: the run page with one element wider than a phone.
        String tooWide = dashboard.get("/runs/210").body().replace("</main>", "<div style=\"width:600px\">wide</div></main>");
        Matcher m = Pattern.compile("data-scroll-width=\"(\\d+)\"").matcher(probeHtml(tooWide, 390));
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThan(390);
    }

    /**
     * The page as the dashboard serves it, plus a measuring script, in a frame exactly this wide
     * (headless Chromium's windows are at least 500 px wide, a frame can be narrower; the frame's own
     * width drives the page's media queries as a phone's screen would). The dashboard's pages run no
     * script (their policy forbids it), so the test brings its own; a base element keeps the page's
     * stylesheet and images coming from the dashboard.
     */
    private static String probe(String page, int width) throws Exception {
        return probeHtml(dashboard.get(page).body(), width);
    }

    private static String probeHtml(String html, int width) throws Exception {
        String script = "<script>addEventListener('load', () => { const d = document.documentElement;"
                + " const over = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)"
                + ".slice(0, 5).map(e => e.tagName + '.' + e.className).join(' ');"
                + " const b = parent.document.body; b.setAttribute('data-scroll-width', d.scrollWidth);"
                + " b.setAttribute('data-inner-width', innerWidth); b.setAttribute('data-over', over); });</script>";
        String probed = html.replace("<head>", "<head><base href=\"" + dashboard.url("/") + "\">")
                .replace("<meta http-equiv=\"refresh\"", "<meta data-was-refresh").replace("</body>", script + "</body>");
        String frame = "<!DOCTYPE html><html><head><style>body{margin:0}</style></head><body><iframe style=\"border:0;display:block\" width=\""
                + width + "\" height=\"900\" srcdoc=\"" + probed.replace("&", "&amp;").replace("\"", "&quot;") + "\"></iframe></body></html>";
        Path file = Files.createTempFile(work, "probe-", ".html");
        Files.writeString(file, frame);
        return chromium.dumpDom(file.toUri().toString(), 1280, 1000);
    }

    @Test
    void screenshotsAtADesktopsAndAPhonesWidth() throws Exception {
        for (int i = 0; i < PAGES.size(); i++) {
            for (int width : List.of(1280, 390)) {
                Path png = work.resolve(NAMES.get(i) + "-" + width + ".png");
                chromium.screenshot(dashboard.url(PAGES.get(i)), png, width, width == 390 ? 1500 : 1000);
                DocsPictures.keep("dashboard-" + NAMES.get(i) + "-" + width + ".png", Files.readAllBytes(png));
            }
        }
    }
}
