package org.coopcloud.ccci.dashboard.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.dashboard.publish.PublishToken;
import org.coopcloud.ccci.dashboard.publish.PublishedRunStore;
import org.coopcloud.ccci.dashboard.runs.RunCatalog;
import org.coopcloud.ccci.dashboard.web.CardRenderer;
import org.coopcloud.ccci.dashboard.web.DashboardServer;

/** A real dashboard on a free loopback port, and a real HTTP client for it. */
public final class TestDashboard implements AutoCloseable {
    public static final String TOKEN = "test-publish-token-0123456789";
    private final DashboardServer server;
    private final RunCatalog catalog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestDashboard(DashboardServer server, RunCatalog catalog) {
        this.server = server;
        this.catalog = catalog;
    }

    /**
     * @param store   the publish store, when publishing is on (with {@link #TOKEN})
     * @param runsDir a local runs directory, when this dashboard reads one
     */
    public static TestDashboard start(Optional<Path> store, Optional<Path> runsDir, Optional<CardRenderer> cards, Clock clock)
            throws IOException {
        return start(store, runsDir, cards, clock, DashboardServer.Limits.DEFAULT);
    }

    /** @param limits the server's timeouts and bounds (tests of the limits set them short) */
    public static TestDashboard start(Optional<Path> store, Optional<Path> runsDir, Optional<CardRenderer> cards, Clock clock,
            DashboardServer.Limits limits) throws IOException {
        List<RunCatalog.Source> sources = new ArrayList<>();
        Optional<PublishedRunStore> published = Optional.empty();
        if (store.isPresent()) {
            published = Optional.of(new PublishedRunStore(store.get()));
            sources.add(new RunCatalog.Source(store.get(), false));
        }
        runsDir.ifPresent(dir -> sources.add(new RunCatalog.Source(dir, true)));
        RunCatalog catalog = new RunCatalog(sources, clock);
        DashboardServer server = new DashboardServer(catalog, published,
                store.map(s -> new PublishToken(TOKEN)), cards, clock, limits);
        server.start(new InetSocketAddress("127.0.0.1", 0));
        return new TestDashboard(server, catalog);
    }

    public static TestDashboard local(Path runsDir) throws IOException {
        return start(Optional.empty(), Optional.of(runsDir), Optional.empty(), Clock.systemUTC());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public int port() {
        return server.port();
    }

    public URI base() {
        return URI.create(url("/"));
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> put(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        catalog.close();
    }
}
