package org.coopcloud.ccci.dashboard.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} in its own headless mode: a page's screenshot (the PR comment's
 * summary card, the docs' pictures) and its DOM after it loaded (the browser tests). Each call
 * gets a profile directory of its own, so calls never contend for Chromium's profile lock.
 */
public final class HeadlessChromium {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final String executable;

    public HeadlessChromium(String executable) {
        this.executable = executable;
    }

    /** The chromium on PATH ({@code CCCI_CHROMIUM} overrides), when there is one. */
    public static Optional<HeadlessChromium> find() {
        String override = System.getenv("CCCI_CHROMIUM");
        if (override != null && !override.isBlank()) {
            return Optional.of(new HeadlessChromium(override));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(new HeadlessChromium(Path.of(dir, name).toString()));
                }
            }
        }
        return Optional.empty();
    }

    public void screenshot(String url, Path png, int width, int height) throws IOException {
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, url));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("chromium wrote no screenshot of " + url);
        }
    }

    /** The page's DOM, serialised after it loaded and any script it allows has run. */
    public String dumpDom(String url) throws IOException {
        return run(List.of("--dump-dom", url));
    }

    /**
     * The DOM of a page loaded in a window of this size, after its scripts ran (given time to: the
     * browser tests' probe pages measure the layout in a script of their own).
     */
    public String dumpDom(String url, int width, int height) throws IOException {
        return run(List.of("--window-size=" + width + "," + height, "--virtual-time-budget=5000", "--dump-dom", url));
    }

    private String run(List<String> args) throws IOException {
        Path profile = Files.createTempDirectory("ccci-chromium-");
        Path out = profile.resolve("stdout");
        try {
            List<String> command = new ArrayList<>(List.of(executable, "--headless", "--disable-gpu",
                    "--no-sandbox", // as root (CI hosts, the sandbox) Chromium refuses to start with its sandbox
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run", "--mute-audio",
                    "--user-data-dir=" + profile.resolve("profile")));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            boolean ended;
            try {
                ended = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = false;
            }
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException("chromium did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("chromium exited with status " + process.exitValue());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
