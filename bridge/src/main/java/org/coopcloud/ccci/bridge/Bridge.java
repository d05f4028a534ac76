package org.coopcloud.ccci.bridge;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.coopcloud.ccci.bridge.config.BridgeConfig;
import org.coopcloud.ccci.bridge.dashboard.DashboardClient;
import org.coopcloud.ccci.bridge.drone.DroneClient;
import org.coopcloud.ccci.bridge.gitea.GiteaClient;
import org.coopcloud.ccci.bridge.http.ApiClient;
import org.coopcloud.ccci.bridge.http.RetryPolicy;
import org.coopcloud.ccci.bridge.store.RequestStore;

/**
 * The bridge assembled from its configuration: the poll, the optional webhook and the request
 * processor over one request record. All request work runs on one thread (a cycle every poll
 * interval, and at once when the webhook records a request), so the poll and the webhook never
 * advance the same request at the same time.
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Bridge.class.getName());

    private final RequestStore store;
    private final CommentPoller poller;
    private final RequestProcessor processor;
    private final Optional<WebhookServer> webhook;
    private final ScheduledExecutorService worker;
    private final BridgeConfig config;

    public Bridge(BridgeConfig config, RetryPolicy policy, Clock clock) throws IOException, SQLException {
        this.config = config;
        this.store = new RequestStore(config.stateDb());
        GiteaClient gitea = new GiteaClient(config.giteaUrl(),
                new ApiClient("gitea", policy, "Authorization", () -> "token " + config.giteaToken().reveal()));
        DroneClient drone = new DroneClient(config.droneUrl(), config.droneRepo(), config.droneBranch(),
                new ApiClient("drone", policy, "Authorization", () -> "Bearer " + config.droneToken().reveal()));
        DashboardClient dashboard = new DashboardClient(config.dashboardUrl(), config.runPagePath(),
                new ApiClient("dashboard", policy, null, null));
        CommentIntake intake = new CommentIntake(store, clock);
        this.poller = new CommentPoller(config.repos(), gitea, store, intake, config.firstLookback(), clock);
        this.processor = new RequestProcessor(config, store, gitea, drone, dashboard, clock);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ccci-bridge-worker"));
        Optional<WebhookServer> hook = Optional.empty();
        if (config.webhook().isPresent()) {
            BridgeConfig.Webhook w = config.webhook().get();
            hook = Optional.of(new WebhookServer(w.bindAddress(), w.port(), w.secret(), config.repos(), gitea, intake,
                    worker, this::advanceQuietly));
        }
        this.webhook = hook;
    }

    /** One cycle: read new comments, then move every unfinished request on. Never throws. */
    public void runOnce() {
        quietly("poll", poller::pollAll);
        advanceQuietly();
    }

    private void advanceQuietly() {
        quietly("processing", processor::advanceAll);
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** Runs one part of a cycle; a failure is logged and the next cycle tries again (the worker must not die). */
    private void quietly(String what, Work work) {
        try {
            work.run();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, what + " failed: " + e + "; next cycle in " + config.pollInterval().toSeconds() + " s");
        }
    }

    /** Runs a cycle every poll interval on the worker thread until {@link #close()}. */
    public void start() {
        worker.scheduleWithFixedDelay(this::runOnce, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("bridge started: polling " + String.join(", ", config.repos()) + " every "
                + config.pollInterval().toSeconds() + " s; record " + config.stateDb());
    }

    public Optional<Integer> webhookPort() {
        return webhook.map(WebhookServer::port);
    }

    public RequestStore store() {
        return store;
    }

    @Override
    public void close() throws SQLException {
        webhook.ifPresent(WebhookServer::close);
        // Interrupts a call or a rate-limit wait in flight: safe at any point, since every side
        // effect's intent is on record and a restart looks before it acts.
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
