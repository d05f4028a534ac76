package org.coopcloud.ccci.dashboard.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The run's summary card for the PR comment: the top of its run page ({@code /runs/<id>/card}),
 * screenshotted by headless Chromium from this dashboard, once per run and then served from disk.
 * One render at a time: the host's two cores also run the tests.
 */
public final class CardRenderer {
    public static final int WIDTH = 840;
    public static final int HEIGHT = 420;
    private final HeadlessChromium chromium;
    private final Path cacheDirectory;

    public CardRenderer(HeadlessChromium chromium, Path cacheDirectory) throws IOException {
        this.chromium = chromium;
        this.cacheDirectory = Files.createDirectories(cacheDirectory);
    }

    /**
     * @param cacheKey names one version of the run's results (a finished run's results never change)
     */
    public synchronized Path card(String runId, String cacheKey, String cardUrl) throws IOException {
        Path card = cacheDirectory.resolve(runId + "-" + cacheKey + ".png");
        if (Files.isRegularFile(card)) {
            return card;
        }
        Path temp = cacheDirectory.resolve(".rendering-" + runId + ".png");
        chromium.screenshot(cardUrl, temp, WIDTH, HEIGHT);
        Files.move(temp, card, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return card;
    }
}
