package org.coopcloud.ccci.dashboard.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The run's summary card for the PR comment: the top of its run page ({@code /runs/<id>/card}),
 * screenshotted by headless Chromium from this dashboard, once per run and then served from disk.
 *
 * <p>Renders run on this class's own thread, one at a time (the host's two cores also run the
 * tests), never on the server's request threads: a card request waits asynchronously for its
 * render, so a burst of card requests cannot hold the threads that serve the card page Chromium
 * loads, nor any other page (issue 18 item 7). At most {@link #QUEUE} renders wait; beyond that a
 * request is told the renderer is {@link Busy}. Requests for a card already being rendered share
 * that render.
 */
public final class CardRenderer implements AutoCloseable {
    public static final int WIDTH = 840;
    public static final int HEIGHT = 420;
    /** Renders that may wait for the one running; more are refused as busy, not queued without bound. */
    public static final int QUEUE = 16;
    private final HeadlessChromium chromium;
    private final Path cacheDirectory;
    private final ExecutorService renders = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "ccci-card-renderer");
                thread.setDaemon(true);
                return thread;
            });
    private final Map<Path, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();

    /** The renderer has more cards waiting than it queues: come back later. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("the card renderer is busy (" + QUEUE + " cards waiting); try again shortly");
        }
    }

    public CardRenderer(HeadlessChromium chromium, Path cacheDirectory) throws IOException {
        this.chromium = chromium;
        this.cacheDirectory = Files.createDirectories(cacheDirectory);
    }

    /**
     * The card's PNG file, now when it was rendered before, else when its render ends. Fails with
     * {@link Busy} when too many renders wait, or with the render's own error.
     *
     * @param cacheKey names one version of the run's results (a finished run's results never change)
     */
    public CompletableFuture<Path> card(String runId, String cacheKey, String cardUrl) {
        Path card = cacheDirectory.resolve(runId + "-" + cacheKey + ".png");
        if (Files.isRegularFile(card)) {
            return CompletableFuture.completedFuture(card);
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> existing = inFlight.putIfAbsent(card, mine);
        if (existing != null) {
            return existing;
        }
        try {
            renders.execute(() -> {
                try {
                    mine.complete(render(runId, card, cardUrl));
                } catch (IOException | RuntimeException e) {
                    mine.completeExceptionally(e);
                } finally {
                    inFlight.remove(card, mine);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(card, mine);
            mine.completeExceptionally(new Busy());
        }
        return mine;
    }

    private Path render(String runId, Path card, String cardUrl) throws IOException {
        if (Files.isRegularFile(card)) {
            return card;
        }
        Path temp = cacheDirectory.resolve(".rendering-" + runId + ".png");
        chromium.screenshot(cardUrl, temp, WIDTH, HEIGHT);
        try {
            Files.move(temp, card, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot place the rendered card " + card, e);
        }
        return card;
    }

    @Override
    public void close() {
        renders.shutdownNow();
    }
}
