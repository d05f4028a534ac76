package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.coopcloud.ccci.dashboard.testing.DocsPictures;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.coopcloud.ccci.dashboard.web.CardRenderer;
import org.coopcloud.ccci.dashboard.web.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages as a user's browser shows them: Debian's Chromium, headless, loads them from the
 * running dashboard. {@code --dump-dom} gives the DOM after loading (what scripts, had any run,
 * would have changed); {@code --screenshot} gives the pictures in docs/dashboard.md, written to
 * target/screenshots and, with {@code -Dccci.docs.screenshots=<dir>}, there too.
 */
class BrowserTest {
    private static final Instant T = Instant.parse("2026-11-29T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T.plusSeconds(3 * 3600), ZoneOffset.UTC);
    private static final String EVIL = "expected 200 but got <script>document.title='pwned'</script>"
            + "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";

    @TempDir
    static Path work;
    static HeadlessChromium chromium;
    static TestDashboard dashboard;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.find().orElseThrow(() -> new AssertionError(
                "no chromium on PATH: `bin/ccci sandbox up` installs Debian's chromium (or apt-get install chromium)"));
        Path runs = work.resolve("runs");
        RunDirs.mainRun(runs, "118", "demo-web", T, 4, "");
        RunDirs.mainRun(runs, "121", "demo-web", T.plusSeconds(1800), 2, "backup failed: restic exited 1");
        Path latest = RunDirs.mainRun(runs, "125", "demo-web", T.plusSeconds(5400), 4, "");
        appScreenshot(latest.resolve("app-screenshot.png"));
        Files.writeString(latest.resolve("results.json"), Files.readString(latest.resolve("results.json"))
                .replaceFirst("\\{", "{\n  \"screenshot\" : \"app-screenshot.png\","));
        RunDirs.mainRun(runs, "119", "gitea", T.plusSeconds(600), 3, "custom failed: admin login answered 500");
        RunDirs.amend(RunDirs.infrastructureError(runs, "124", "gitea", T.plusSeconds(5000)), Map.of("kind", "main"));
        RunDirs.run(runs, "122", "nextcloud", T.plusSeconds(3000), 1, EVIL);
        dashboard = TestDashboard.start(Optional.empty(), Optional.of(runs),
                Optional.of(new CardRenderer(chromium, work.resolve("cards"))), CLOCK);
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    void theOverviewShowsEachRecipesLatestLevelAndHistory() throws Exception {
        String dom = chromium.dumpDom(dashboard.url("/"));

        assertThat(dom).contains("<title>cc-ci: every recipe</title>")
                .containsSubsequence(">demo-web<", ">level 4<", ">gitea<", ">infra error<", ">nextcloud<", ">level 1<")
                .contains("No level: infrastructure error: docker daemon not reachable");
        screenshot("/", "dashboard-overview.png", 1200, 520);
    }

    @Test
    void theRecipePageShowsItsRunsNewestFirst() throws Exception {
        String dom = chromium.dumpDom(dashboard.url("/recipes/demo-web"));

        assertThat(dom).containsSubsequence(">125<", ">121<", ">118<").contains("backup failed: restic exited 1");
        screenshot("/recipes/demo-web", "dashboard-recipe.png", 1200, 560);
    }

    @Test
    void theRunPageShowsRungsChecksEventsFilesAndTheAppScreenshot() throws Exception {
        String dom = chromium.dumpDom(dashboard.url("/runs/125"));

        assertThat(dom).contains("Level 4 of 4, every rung that ran passed.")
                .contains("under-test 1.2.0+2.1").contains("<td data-label=\"check\">serving")
                .contains("<img class=\"screenshot\" src=\"/runs/125/files/app-screenshot.png\"")
                .contains(">reports/TEST-cc-ci.xml<").contains(">events.jsonl<");
        screenshot("/runs/125", "dashboard-run.png", 1200, 1500);
    }

    @Test
    void aScriptInAFailureMessageIsShownAsTextAndDoesNotRun() throws Exception {
        String dom = chromium.dumpDom(dashboard.url("/runs/122"));

        assertThat(dom).as("the page's own title, not the script's").contains("<title>cc-ci: nextcloud run 122</title>")
                .doesNotContain("pwned</title>").doesNotContain("data-pwned=\"1\"")
                .contains("expected 200 but got &lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=")
                .doesNotContain("<script>").doesNotContain("<img src=\"x\"");
        screenshot("/runs/122", "dashboard-run-failed.png", 1200, 900);
    }

    @Test
    void theSummaryCardIsRenderedFromTheRunPageByChromium() throws Exception {
        HttpResponse<byte[]> card = dashboard.getBytes("/runs/121/card.png");

        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(card.headers().firstValue("Content-Type")).contains("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(card.body()));
        assertThat(image.getWidth()).isEqualTo(CardRenderer.WIDTH);
        assertThat(image.getHeight()).isEqualTo(CardRenderer.HEIGHT);
        assertThat(distinctColours(image)).as("a rendered page, not a blank image").isGreaterThan(20);
        keep("dashboard-card.png", card.body());
        assertThat(dashboard.getBytes("/runs/121/card.png").body()).as("served from the cache").isEqualTo(card.body());
    }

    @Test
    void theBadgeRendersAsAnImage() throws Exception {
        for (Map.Entry<String, String> badge : Map.of("demo-web", "badge-level.png", "gitea", "badge-infra.png").entrySet()) {
            Path png = work.resolve(badge.getValue());
            chromium.screenshot(dashboard.url("/badge/" + badge.getKey() + ".svg"), png, 160, 20);
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(distinctColours(image)).isGreaterThan(3);
            keep(badge.getValue(), Files.readAllBytes(png));
        }
    }

    private static void screenshot(String page, String name, int width, int height) throws Exception {
        Path png = work.resolve(name);
        chromium.screenshot(dashboard.url(page), png, width, height);
        keep(name, Files.readAllBytes(png));
    }

    private static void keep(String name, byte[] png) throws Exception {
        DocsPictures.keep(name, png);
    }

    private static long distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /** Stands in for the harness's capture of the app's landing page (a PNG file in the run directory). */
    private static void appScreenshot(Path png) throws Exception {
        BufferedImage image = new BufferedImage(640, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xf4f6fb));
        g.fillRect(0, 0, 640, 300);
        g.setColor(new Color(0x2e6bd6));
        g.fillRect(0, 0, 640, 48);
        g.setColor(Color.WHITE);
        g.drawString("demo-web", 20, 30);
        g.setColor(new Color(0x333333));
        g.drawString("Welcome to demo-web 1.2.0", 20, 100);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}
