package org.coopcloud.ccci.harness.screenshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessResult;
import org.coopcloud.ccci.harness.process.ProcessRunner;

/**
 * A picture of the app's landing page as a user's browser shows it: headless Debian {@code chromium}
 * loads {@code <scheme>://<domain>/} through the ingress (at a fixed ingress address the domain is
 * mapped to it with {@code --host-resolver-rules}, as DNS would) and writes a 1280x800 PNG.
 */
public final class AppScreenshot {
    public static final String FILE_NAME = "app-screenshot.png";
    public static final String BROWSER_PARAMETER = "ccci.chromium";
    public static final String BROWSER_ENV = "CCCI_CHROMIUM";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final ProcessRunner runner;
    private final String browser;

    public AppScreenshot(ProcessRunner runner, String browser) {
        this.runner = runner;
        this.browser = browser;
    }

    /** The browser's command line for this capture (for tests and messages). */
    static List<String> commandLine(String browser, Ingress ingress, String domain, Path png, Path profileDir) {
        List<String> line = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profileDir,
                "--window-size=1280,800", "--screenshot=" + png));
        String url;
        if (ingress.address().isPresent()) {
            line.add("--host-resolver-rules=MAP " + domain + " " + ingress.address().get().getHost() + ":"
                    + ingress.address().get().getPort());
            url = "http://" + domain + "/";
        } else {
            line.add("--ignore-certificate-errors"); // test apps have traefik's default certificate, not an ACME one
            url = "https://" + domain + "/";
        }
        line.add(url);
        return line;
    }

    /**
     * Captures the landing page into {@code png}.
     *
     * @throws IOException naming why there is no picture (no browser, it failed, it wrote nothing)
     */
    public void capture(Ingress ingress, String domain, Path png) throws IOException, InterruptedException {
        Path profileDir = Files.createTempDirectory("ccci-chromium-");
        try {
            Files.deleteIfExists(png);
            ProcessResult result;
            try {
                result = runner.run(Command.of(commandLine(browser, ingress, domain, png, profileDir)).withTimeout(TIMEOUT)
                        .withEnvironment("HOME", profileDir.toString()));
            } catch (RuntimeException e) {
                throw new IOException("could not run " + browser + ": " + e.getMessage(), e);
            }
            if (!result.succeeded()) {
                throw new IOException(browser + " exited " + result.exitCode() + ": " + tail(result.stderr()));
            }
            if (!Files.isRegularFile(png) || Files.size(png) < 100) {
                throw new IOException(browser + " wrote no screenshot: " + tail(result.stderr()));
            }
        } finally {
            deleteTree(profileDir);
        }
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 500 ? "..." + t.substring(t.length() - 500) : t;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp profile left behind; harmless
        }
    }
}
