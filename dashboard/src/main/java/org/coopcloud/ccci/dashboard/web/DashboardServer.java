package org.coopcloud.ccci.dashboard.web;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.coopcloud.ccci.dashboard.publish.PublishToken;
import org.coopcloud.ccci.dashboard.publish.PublishedRunStore;
import org.coopcloud.ccci.dashboard.runs.RunCatalog;
import org.coopcloud.ccci.dashboard.runs.RunFiles;
import org.coopcloud.ccci.dashboard.runs.RunState;
import org.coopcloud.ccci.dashboard.runs.RunView;
import org.coopcloud.ccci.engine.config.RunInputs;
import org.coopcloud.ccci.engine.results.RunEstimate;

/**
 * The dashboard over the JDK's HTTP server. Pages and badges are rendered by precompiled jte
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
 * GET /api/recipes/&lt;recipe&gt;/estimate?stages=a,b[&amp;quick=1]   expected duration (JSON): RunEstimate
 * GET /api/recipes/&lt;recipe&gt;/baseline   main's latest finished run, else the newest release's (JSON)
 * PUT /api/runs/&lt;id&gt;                  publish a run (zip of its result files, Bearer token)
 * </pre>
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
    private HttpServer server;
    private ExecutorService executor;

    public DashboardServer(RunCatalog catalog, Optional<PublishedRunStore> store, Optional<PublishToken> token,
            Optional<CardRenderer> cards, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.token = token;
        this.cards = cards;
        this.clock = clock;
    }

    public void start(InetSocketAddress address) throws IOException {
        server = HttpServer.create(address, 64);
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
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
        } catch (IOException e) {
            // Mostly a client that went away mid-response (a browser that had what it needed).
            LOG.log(Level.FINE, "request cut short: " + exchange.getRequestURI().getRawPath(), e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request failed: " + exchange.getRequestURI().getRawPath(), e);
            try {
                send(exchange, 500, "text/plain; charset=utf-8", "internal error; see the dashboard's log\n".getBytes(StandardCharsets.UTF_8), Map.of());
            } catch (IOException | RuntimeException ignored) {
                // The response had already started; the client sees a cut connection.
            }
        }
    }

    private void route(HttpExchange exchange, List<String> parts) throws IOException {
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
                    : catalog.ofRecipe(recipe).isEmpty() ? Badge.noRuns(recipe) : Badge.noMainRun(recipe));
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
    private void estimate(HttpExchange exchange, String recipe) throws IOException {
        Optional<String> recipeProblem = RunInputs.recipeProblem(recipe);
        if (recipeProblem.isPresent()) {
            json(exchange, 400, Map.of("error", "recipe: not a recipe name ([a-z0-9][a-z0-9-]*, at most 63 characters)"));
            return;
        }
        EstimateQuery query;
        try {
            query = EstimateQuery.parse(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            json(exchange, 400, Map.of("error", e.getMessage()));
            return;
        }
        List<Path> results = catalog.ofRecipe(recipe).stream().map(run -> run.directory().resolve(RunFiles.RESULTS)).toList();
        Optional<RunEstimate> estimate = RunEstimate.fromResults(results, recipe, query.stages(), query.quick());
        if (estimate.isEmpty()) {
            json(exchange, 404, Map.of("runs", 0));
        } else {
            json(exchange, 200, Map.of("median_ms", estimate.get().median().toMillis(), "runs", estimate.get().runs()));
        }
    }

    /**
     * What a PR's run is compared with: the recipe's default branch's latest finished run, else its
     * newest release's ({@link org.coopcloud.ccci.dashboard.runs.Baseline}). 404 when neither exists.
     */
    private void baseline(HttpExchange exchange, String recipe) throws IOException {
        if (RunInputs.recipeProblem(recipe).isPresent()) {
            json(exchange, 400, Map.of("error", "recipe: not a recipe name ([a-z0-9][a-z0-9-]*, at most 63 characters)"));
            return;
        }
        Optional<RunView> baseline = catalog.baseline(recipe);
        if (baseline.isEmpty()) {
            json(exchange, 404, Map.of("recipe", recipe, "error", "no finished run of the default branch or a release"));
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
        // The contract's nulls are written out (level, commit), not left away.
        send(exchange, 200, "application/json", JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(body)
                .getBytes(StandardCharsets.UTF_8), Map.of("Cache-Control", "no-cache"));
    }

    private static void json(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        send(exchange, status, "application/json", JSON.std.asString(body).getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-cache"));
    }

    private void publish(HttpExchange exchange, String runId) throws IOException {
        if (store.isEmpty() || token.isEmpty()) {
            text(exchange, 403, "publishing is not enabled on this dashboard (start it with a publish token)");
            return;
        }
        // The token is checked before a byte of the body is read: a refused publish stores nothing.
        if (!token.get().accepts(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")))) {
            text(exchange, 401, "missing or wrong publish token");
            return;
        }
        if (!RunFiles.isRunId(runId)) {
            text(exchange, 400, "'" + runId.replaceAll("[^\\x20-\\x7e]", "?") + "' is not a run id");
            return;
        }
        try (InputStream body = exchange.getRequestBody()) {
            PublishedRunStore.Result result = store.get().store(runId, body);
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

    private void runFile(HttpExchange exchange, RunView run, String file) throws IOException {
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

    private void card(HttpExchange exchange, RunView run) throws IOException {
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
        Path png = cards.get().card(run.id(), key, url);
        byte[] content = Files.readAllBytes(png);
        send(exchange, 200, "image/png", content, Map.of("Cache-Control", "public, max-age=3600", "ETag", etag(content)));
    }

    private void badge(HttpExchange exchange, Badge badge) throws IOException {
        StringOutput out = new StringOutput();
        templates.render("badge.jte", badge, out);
        byte[] svg = out.toString().getBytes(StandardCharsets.UTF_8);
        String etag = etag(svg);
        // Short max-age so a README's badge follows new runs; the ETag makes revalidation cheap.
        Map<String, String> headers = Map.of("ETag", etag, "Cache-Control", "public, max-age=60, must-revalidate",
                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        send(exchange, 200, "image/svg+xml; charset=utf-8", svg, headers);
    }

    private void page(HttpExchange exchange, String template, Object model) throws IOException {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        sendPage(exchange, 200, out.toString());
    }

    private void notFound(HttpExchange exchange, String what) throws IOException {
        StringOutput out = new StringOutput();
        templates.render("notfound.jte", what, out);
        sendPage(exchange, 404, out.toString());
    }

    private void sendPage(HttpExchange exchange, int status, String html) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Security-Policy", PAGE_POLICY, "Cache-Control", "no-cache", "Referrer-Policy", "no-referrer"));
    }

    private void staticFile(HttpExchange exchange) throws IOException {
        try (InputStream css = DashboardServer.class.getResourceAsStream("/org/coopcloud/ccci/dashboard/static/style.css")) {
            send(exchange, 200, "text/css; charset=utf-8", css.readAllBytes(), Map.of("Cache-Control", "public, max-age=300"));
        }
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Where this server reaches itself: loopback when it listens on every address, else its own address. */
    private String selfUrl() {
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
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
