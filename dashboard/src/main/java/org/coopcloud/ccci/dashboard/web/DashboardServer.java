package org.coopcloud.ccci.dashboard.web;

import com.fasterxml.jackson.jr.ob.JSON;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.coopcloud.ccci.dashboard.publish.PublishToken;
import org.coopcloud.ccci.dashboard.publish.PublishedRunStore;
import org.coopcloud.ccci.dashboard.runs.RunCatalog;
import org.coopcloud.ccci.dashboard.runs.RunFiles;
import org.coopcloud.ccci.dashboard.runs.RunState;
import org.coopcloud.ccci.dashboard.runs.FlakeLedger;
import org.coopcloud.ccci.dashboard.runs.RunView;
import org.coopcloud.ccci.engine.config.RunInputs;
import org.coopcloud.ccci.engine.results.RunEstimate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The dashboard over embedded Jetty. Pages and badges are rendered by precompiled jte
 * templates, which HTML-escape every value; the pages carry a Content-Security-Policy that allows
 * no script at all, as a second wall behind the escaping.
 *
 * <pre>
 * GET /                            every recipe: latest level, verdict, when, duration, history
 * GET /recipes/&lt;recipe&gt;             its runs, newest first
 * GET /runs/&lt;id&gt;                     one run: rungs, checks, events, files
 * GET /runs/&lt;id&gt;/card(.png)          the run's summary card (HTML, and PNG by headless Chromium)
 * GET /runs/&lt;id&gt;/badge.svg           this run's level
 * GET /runs/&lt;id&gt;/files/&lt;file&gt;       a result file, as it came
 * GET /badge/&lt;recipe&gt;.svg            the recipe's headline level: main's latest run, else the newest release's
 * GET /api/runs/&lt;id&gt;/&lt;file&gt;         a result file for programs (the bridge): 404 until present
 * GET /catalogue                   the catalogue view: every recipe's main level, trend, last scheduled run, worst first
 * GET /api/catalogue.json            every recipe's main level, trend, last scheduled run, worst first
 * GET /api/recipes/&lt;recipe&gt;/estimate?stages=a,b[&amp;quick=1]   expected duration (JSON): RunEstimate
 * GET /api/recipes/&lt;recipe&gt;/baseline   main's latest finished run, else the newest release's (JSON)
 * PUT /api/runs/&lt;id&gt;                  publish a run (zip of its result files, Bearer token)
 * </pre>
 *
 * <p>Why Jetty and not the JDK's HttpServer (issue 18 item 7): Jetty reads request headers without
 * holding a thread, so connections that never finish their headers cost a socket, not a worker, and
 * its idle timeout closes them; the connection count is bounded; and every GET has a time limit
 * ({@link Limits#requestTimeout}), after which the client gets a 503 whatever the route is still
 * doing. Summary cards render on the {@link CardRenderer}'s own thread and their requests wait
 * asynchronously, so Chromium's fetch of the card page always finds a free request thread.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DashboardServer.class.getName());
    static final String PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";
    /** Raw files are never rendered as a page of this origin, whatever they hold. */
    static final String FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

    private final RunCatalog catalog;
    private final Optional<PublishedRunStore> store;
    private final Optional<PublishToken> token;
    private final Optional<CardRenderer> cards;
    private final Clock clock;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "org.coopcloud.ccci.dashboard.templates");
    private final Limits limits;
    private Server server;
    private ServerConnector connector;
    private ScheduledExecutorService deadlines;

    /**
     * The server's bounds.
     *
     * @param idleTimeout    a connection that sends nothing for this long (mid-headers too) is closed
     * @param requestTimeout a GET not answered within this gets a 503 with Retry-After
     * @param maxThreads     request threads (pages render on them; cards never do)
     * @param maxConnections open connections at most; more wait in the kernel's accept queue
     */
    public record Limits(Duration idleTimeout, Duration requestTimeout, int maxThreads, int maxConnections) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(20), Duration.ofSeconds(30), 16, 512);
    }

    public DashboardServer(RunCatalog catalog, Optional<PublishedRunStore> store, Optional<PublishToken> token,
            Optional<CardRenderer> cards, Clock clock) {
        this(catalog, store, token, cards, clock, Limits.DEFAULT);
    }

    public DashboardServer(RunCatalog catalog, Optional<PublishedRunStore> store, Optional<PublishToken> token,
            Optional<CardRenderer> cards, Clock clock, Limits limits) {
        this.limits = limits;
        this.catalog = catalog;
        this.store = store;
        this.token = token;
        this.cards = cards;
        this.clock = clock;
    }

    public void start(InetSocketAddress address) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(4, limits.maxThreads()));
        threads.setName("ccci-dashboard");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(128);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                DashboardServer.this.handle(new Exchange(request, response, callback));
                return true;
            }
        });
        deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ccci-dashboard-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Waits until the server stops (its threads are daemons, so {@code bin/ccci dashboard}'s main waits here). */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "stopping the dashboard's server", e);
            }
        }
        if (deadlines != null) {
            deadlines.shutdownNow();
        }
    }

    private void handle(Exchange exchange) {
        String path = exchange.rawPath();
        ScheduledFuture<?> deadline = null;
        if (!exchange.method().equals("PUT")) {
            deadline = deadlines.schedule(() -> {
                if (exchange.send(503, "text/plain; charset=utf-8", ("the dashboard took longer than "
                        + limits.requestTimeout().toSeconds() + " s to answer; try again shortly\n").getBytes(StandardCharsets.UTF_8),
                        Map.of("Retry-After", "10", "Cache-Control", "no-cache"))) {
                    LOG.warning("request time limit (" + limits.requestTimeout().toSeconds() + " s) reached: " + path);
                }
            }, limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            dispatch(exchange);
        } catch (IOException | RuntimeException e) {
            // WARNING for both: an IOException here is a file we could not read, not a client gone away
            // (a client gone away fails Jetty's write callback, not this call).
            LOG.log(Level.WARNING, "request failed: " + exchange.method() + " " + path, e);
            internalError(exchange);
        } finally {
            if (deadline != null && exchange.answered()) {
                deadline.cancel(false);
            }
        }
    }

    private static void internalError(Exchange exchange) {
        exchange.send(500, "text/plain; charset=utf-8", "internal error; see the dashboard's log\n".getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-cache"));
    }

    private void dispatch(Exchange exchange) throws IOException {
        {
            String path = exchange.rawPath();
            String method = exchange.method();
            if (path.contains("%") || path.contains("//")) {
                notFound(exchange, "No such page.");
                return;
            }
            List<String> parts = List.of(path.substring(1).split("/", -1));
            if (method.equals("PUT") && parts.size() == 3 && parts.get(0).equals("api") && parts.get(1).equals("runs")) {
                publish(exchange, parts.get(2));
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8), Map.of("Allow", "GET, HEAD, PUT"));
                return;
            }
            route(exchange, parts);
        }
    }

    private void route(Exchange exchange, List<String> parts) throws IOException {
        String first = parts.get(0);
        if (parts.size() == 1 && first.isEmpty()) {
            page(exchange, "overview.jte", Pages.overview(catalog, clock.instant()));
        } else if (parts.size() == 2 && first.equals("static") && parts.get(1).equals("style.css")) {
            staticFile(exchange);
        } else if (parts.size() == 2 && first.equals("recipes") && isRecipe(parts.get(1))) {
            Optional<Pages.RecipePage> recipe = Pages.recipe(catalog, parts.get(1), clock.instant());
            if (recipe.isEmpty()) {
                notFound(exchange, "No runs of a recipe named '" + parts.get(1) + "' here. Is the name right?");
            } else {
                page(exchange, "recipe.jte", recipe.get());
            }
        } else if (parts.size() == 2 && first.equals("badge") && parts.get(1).endsWith(".svg")
                && isRecipe(parts.get(1).substring(0, parts.get(1).length() - 4))) {
            String recipe = parts.get(1).substring(0, parts.get(1).length() - 4);
            // The recipe's headline: main's latest run (else the newest release's), never a PR's.
            Optional<RunView> baseline = catalog.baseline(recipe);
            badge(exchange, baseline.isPresent() ? Badge.of(recipe, Outcome.of(baseline.get()), quick(baseline.get()))
                    : catalog.countOf(recipe) == 0 ? Badge.noRuns(recipe) : Badge.noMainRun(recipe));
        } else if (parts.size() >= 2 && first.equals("runs")) {
            Optional<RunView> run = catalog.find(parts.get(1));
            if (run.isEmpty()) {
                notFound(exchange, "No run '" + parts.get(1) + "' here (yet).");
            } else if (parts.size() == 2) {
                page(exchange, "run.jte", Pages.run(run.get(), catalog, clock.instant()));
            } else if (parts.size() == 3 && parts.get(2).equals("card")) {
                page(exchange, "card.jte", Pages.run(run.get(), catalog, clock.instant()));
            } else if (parts.size() == 3 && parts.get(2).equals("card.png")) {
                card(exchange, run.get());
            } else if (parts.size() == 3 && parts.get(2).equals("badge.svg")) {
                badge(exchange, Badge.of(run.get().recipe().orElse("cc-ci"), Outcome.of(run.get()), quick(run.get())));
            } else if (parts.size() >= 4 && parts.get(2).equals("files")) {
                runFile(exchange, run.get(), String.join("/", parts.subList(3, parts.size())));
            } else {
                notFound(exchange, "No such page.");
            }
        } else if (parts.size() == 1 && first.equals("catalogue")) {
            page(exchange, "catalogue.jte", CatalogueView.of(catalog, clock.instant()));
        } else if (parts.size() == 2 && first.equals("api") && parts.get(1).equals("catalogue.json")) {
            catalogue(exchange);
        } else if (parts.size() == 4 && first.equals("api") && parts.get(1).equals("recipes") && parts.get(3).equals("estimate")) {
            estimate(exchange, parts.get(2));
        } else if (parts.size() == 4 && first.equals("api") && parts.get(1).equals("recipes") && parts.get(3).equals("baseline")) {
            baseline(exchange, parts.get(2));
        } else if (parts.size() >= 4 && first.equals("api") && parts.get(1).equals("runs")) {
            Optional<RunView> run = catalog.find(parts.get(2));
            String file = String.join("/", parts.subList(3, parts.size()));
            if (run.isEmpty()) {
                send(exchange, 404, "text/plain; charset=utf-8", ("no run " + parts.get(2) + " yet\n").getBytes(StandardCharsets.UTF_8), Map.of());
            } else {
                runFile(exchange, run.get(), file);
            }
        } else {
            notFound(exchange, "No such page.");
        }
    }

    /**
     * The expected duration of a run of the recipe with these stages and quick-ness: the median of its
     * earlier passed runs here, by the engine's own rule ({@link RunEstimate}), so the bridge's
     * "running" comment and the run's log agree. 404 with {@code runs: 0} when there is none.
     */
    private void estimate(Exchange exchange, String recipe) throws IOException {
        Optional<String> recipeProblem = RunInputs.recipeProblem(recipe);
        if (recipeProblem.isPresent()) {
            json(exchange, 400, Map.of("error", "recipe: not a recipe name ([a-z0-9][a-z0-9-]*, at most 63 characters)"));
            return;
        }
        EstimateQuery query;
        try {
            query = EstimateQuery.parse(exchange.rawQuery());
        } catch (IllegalArgumentException e) {
            json(exchange, 400, Map.of("error", e.getMessage()));
            return;
        }
        List<Path> results = catalog.resultsFiles(recipe);
        Optional<RunEstimate> estimate = RunEstimate.fromResults(results, recipe, query.stages(), query.quick());
        if (estimate.isEmpty()) {
            json(exchange, 404, Map.of("runs", 0));
        } else {
            json(exchange, 200, Map.of("median_ms", estimate.get().median().toMillis(), "runs", estimate.get().runs()));
        }
    }

    /**
     * Every recipe's main level, trend and the age of its last scheduled run, worst first, for other
     * sites (the recipe catalogue's pages): readable from any origin.
     */
    private void catalogue(Exchange exchange) throws IOException {
        java.time.Instant now = clock.instant();
        List<Object> recipes = new java.util.ArrayList<>();
        for (RunCatalog.CatalogueEntry e : catalog.catalogue()) {
            Map<String, Object> line = new java.util.LinkedHashMap<>();
            line.put("recipe", e.recipe());
            line.put("level", e.level().orElse(null));
            line.put("verdict", e.verdict().orElse(null));
            line.put("run_id", e.runId().orElse(null));
            line.put("finished_at", e.finishedAt().map(Object::toString).orElse(null));
            line.put("previous_level", e.previousLevel().orElse(null));
            line.put("trend", e.trend().orElse(null));
            line.put("last_scheduled_at", e.lastScheduledAt().map(Object::toString).orElse(null));
            line.put("last_scheduled_age_seconds", e.scheduledAgeSeconds(now).orElse(null));
            Map<String, Integer> flaky = new java.util.LinkedHashMap<>();
            e.flaky().forEach((stage, commits) -> flaky.put(stage.id(), commits));
            line.put("flaky_rungs", flaky);
            recipes.add(line);
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("generated_at", now.toString());
        body.put("recipes", recipes);
        send(exchange, 200, "application/json", JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(body)
                .getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "public, max-age=60", "Access-Control-Allow-Origin", "*"));
    }

    /**
     * What a PR's run is compared with: the recipe's default branch's latest finished run, else its
     * newest release's ({@link org.coopcloud.ccci.dashboard.runs.Baseline}). 404 when neither exists.
     */
    private void baseline(Exchange exchange, String recipe) throws IOException {
        if (RunInputs.recipeProblem(recipe).isPresent()) {
            json(exchange, 400, Map.of("error", "recipe: not a recipe name ([a-z0-9][a-z0-9-]*, at most 63 characters)"));
            return;
        }
        Optional<RunView> baseline = catalog.baseline(recipe);
        Map<String, String> flaky = flakyRungs(recipe);
        if (baseline.isEmpty()) {
            json(exchange, 404, Map.of("recipe", recipe, "error", "no finished run of the default branch or a release",
                    "flaky_rungs", flaky));
            return;
        }
        var recorded = baseline.get().recorded().orElseThrow();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("recipe", recipe);
        body.put("kind", recorded.kind().id());
        body.put("run_id", baseline.get().id());
        body.put("level", recorded.level().orElse(null));
        body.put("verdict", recorded.verdict());
        body.put("commit", baseline.get().commit().orElse(null));
        body.put("finished_at", recorded.results().startedAt().plusMillis(recorded.results().durationMillis()).toString());
        body.put("flaky_rungs", flaky);
        // The contract's nulls are written out (level, commit), not left away.
        send(exchange, 200, "application/json", JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(body)
                .getBytes(StandardCharsets.UTF_8), Map.of("Cache-Control", "no-cache"));
    }

    /**
     * The recipe's rungs on which one commit got both verdicts in its last runs ({@link FlakeLedger}),
     * each with how often, for the PR comment of a run that failed one of them.
     */
    private Map<String, String> flakyRungs(String recipe) {
        Map<String, String> flaky = new java.util.LinkedHashMap<>();
        FlakeLedger ledger = FlakeLedger.of(catalog.ofRecipe(recipe, FlakeLedger.DEFAULT_RUNS), FlakeLedger.DEFAULT_RUNS);
        for (FlakeLedger.Row row : ledger.rungs()) {
            if (row.flaky() > 0) {
                flaky.put(row.stage().id(), row.flaky() + " of " + row.repeated() + " commits run more than once got both verdicts in its last "
                        + ledger.runs() + " runs");
            }
        }
        return flaky;
    }

    private static void json(Exchange exchange, int status, Map<String, Object> body) throws IOException {
        send(exchange, status, "application/json", JSON.std.asString(body).getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-cache"));
    }

    private void publish(Exchange exchange, String runId) throws IOException {
        if (store.isEmpty() || token.isEmpty()) {
            text(exchange, 403, "publishing is not enabled on this dashboard (start it with a publish token)");
            return;
        }
        // The token is checked before a byte of the body is read: a refused publish stores nothing.
        if (!token.get().accepts(Optional.ofNullable(exchange.header("Authorization")))) {
            text(exchange, 401, "missing or wrong publish token");
            return;
        }
        if (!RunFiles.isRunId(runId)) {
            text(exchange, 400, "'" + runId.replaceAll("[^\\x20-\\x7e]", "?") + "' is not a run id");
            return;
        }
        try (InputStream body = exchange.body()) {
            PublishedRunStore.Result result = store.get().store(runId, body);
            if (result == PublishedRunStore.Result.CREATED) {
                catalog.refresh(runId); // on the pages and badges at once, before the publisher hears back
            }
            switch (result) {
                case CREATED -> text(exchange, 201, "stored run " + runId);
                case UNCHANGED -> text(exchange, 200, "run " + runId + " is already stored with the same files; nothing changed");
                case CONFLICT -> text(exchange, 409, "run " + runId + " is already stored with different files; "
                        + "a run id is published once (is another host using the same run ids?)");
            }
            LOG.info("publish of run " + runId + ": " + result);
        } catch (PublishedRunStore.BadPublishException e) {
            text(exchange, 400, "not stored: " + e.getMessage());
        }
    }

    private void runFile(Exchange exchange, RunView run, String file) throws IOException {
        if (!RunFiles.isResultFile(file) || !run.files().contains(file)) {
            send(exchange, 404, "text/plain; charset=utf-8", ("run " + run.id() + " has no " + file + " (yet)\n")
                    .getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        byte[] content = Files.readAllBytes(run.directory().resolve(file));
        boolean finished = run.state() == RunState.COMPLETE;
        send(exchange, 200, RunFiles.contentType(file), content, Map.of("Content-Security-Policy", FILE_POLICY,
                "Cache-Control", finished ? "public, max-age=300" : "no-cache", "ETag", etag(content)));
    }

    private void card(Exchange exchange, RunView run) throws IOException {
        if (cards.isEmpty()) {
            text(exchange, 503, "no summary cards: this dashboard's host has no chromium (install Debian's chromium package)");
            return;
        }
        if (run.state() != RunState.COMPLETE) {
            text(exchange, 404, "run " + run.id() + " has no results yet, so no card");
            return;
        }
        String key = etag(Files.readAllBytes(run.directory().resolve(RunFiles.RESULTS))).replace("\"", "");
        String url = selfUrl() + "/runs/" + run.id() + "/card";
        // The request thread goes back to the pool now; the answer is sent when the render ends.
        cards.get().card(run.id(), key, url).whenComplete((png, failure) -> {
            try {
                if (failure == null) {
                    byte[] content = Files.readAllBytes(png);
                    send(exchange, 200, "image/png", content, Map.of("Cache-Control", "public, max-age=3600", "ETag", etag(content)));
                } else if (failure instanceof CompletionException c && c.getCause() instanceof CardRenderer.Busy
                        || failure instanceof CardRenderer.Busy) {
                    send(exchange, 503, "text/plain; charset=utf-8", (failure.getMessage() + "\n").getBytes(StandardCharsets.UTF_8),
                            Map.of("Retry-After", "10", "Cache-Control", "no-cache"));
                } else {
                    LOG.log(Level.WARNING, "summary card of run " + run.id() + " not rendered", failure);
                    internalError(exchange);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "summary card of run " + run.id() + " not sent", e);
                internalError(exchange);
            }
        });
    }

    private void badge(Exchange exchange, Badge badge) throws IOException {
        StringOutput out = new StringOutput();
        templates.render("badge.jte", badge, out);
        byte[] svg = out.toString().getBytes(StandardCharsets.UTF_8);
        String etag = etag(svg);
        // Short max-age so a README's badge follows new runs; the ETag makes revalidation cheap.
        Map<String, String> headers = Map.of("ETag", etag, "Cache-Control", "public, max-age=60, must-revalidate",
                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        if (etag.equals(exchange.header("If-None-Match"))) {
            exchange.send(304, null, new byte[0], headers);
            return;
        }
        send(exchange, 200, "image/svg+xml; charset=utf-8", svg, headers);
    }

    private void page(Exchange exchange, String template, Object model) throws IOException {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        sendPage(exchange, 200, out.toString());
    }

    private void notFound(Exchange exchange, String what) throws IOException {
        StringOutput out = new StringOutput();
        templates.render("notfound.jte", what, out);
        sendPage(exchange, 404, out.toString());
    }

    private void sendPage(Exchange exchange, int status, String html) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Security-Policy", PAGE_POLICY, "Cache-Control", "no-cache", "Referrer-Policy", "no-referrer"));
    }

    private void staticFile(Exchange exchange) throws IOException {
        try (InputStream css = DashboardServer.class.getResourceAsStream("/org/coopcloud/ccci/dashboard/static/style.css")) {
            send(exchange, 200, "text/css; charset=utf-8", css.readAllBytes(), Map.of("Cache-Control", "public, max-age=300"));
        }
    }

    private static void text(Exchange exchange, int status, String message) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void send(Exchange exchange, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        exchange.send(status, type, body, headers);
    }

    /** Where this server reaches itself: loopback when it listens on every address, else its own address. */
    private String selfUrl() {
        java.net.InetAddress bound = new InetSocketAddress(connector.getHost(), 0).getAddress();
        String host = bound == null || bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort();
    }

    private static boolean quick(RunView run) {
        return run.recorded().map(r -> r.results().spec().quick()).orElse(false);
    }

    private static boolean isRecipe(String name) {
        return name.matches("[a-z0-9][a-z0-9-]{0,62}");
    }

    static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
