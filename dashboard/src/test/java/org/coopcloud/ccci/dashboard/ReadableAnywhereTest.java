package org.coopcloud.ccci.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.dashboard.testing.Story;
import org.coopcloud.ccci.dashboard.testing.TestDashboard;
import org.coopcloud.ccci.dashboard.web.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three pages of issue 20's story in Debian's Chromium at a desktop's 1280 px and a phone's
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
    void screenshotsAtADesktopsAndAPhonesWidth() throws Exception {
        for (int i = 0; i < PAGES.size(); i++) {
            for (int width : List.of(1280, 390)) {
                Path png = work.resolve(NAMES.get(i) + "-" + width + ".png");
                chromium.screenshot(dashboard.url(PAGES.get(i)), png, width, width == 390 ? 1500 : 1000);
                keep("dashboard-" + NAMES.get(i) + "-" + width + ".png", png);
            }
        }
    }

    private static void keep(String name, Path png) throws Exception {
        List<Path> dirs = new java.util.ArrayList<>(List.of(Path.of("target", "screenshots")));
        Optional.ofNullable(System.getProperty("ccci.docs.screenshots")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(dirs::add);
        for (Path dir : dirs) {
            Files.createDirectories(dir);
            Files.copy(png, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
