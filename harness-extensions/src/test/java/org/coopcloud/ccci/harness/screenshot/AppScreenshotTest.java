package org.coopcloud.ccci.harness.screenshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real headless Debian {@code chromium} (installed by {@code sandbox up}) photographs a page served
 * on loopback, reached by a domain mapped to the ingress address as DNS would map it.
 */
class AppScreenshotTest {
    @TempDir
    Path tmp;
    private HttpServer server;
    private final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = "<html><body style='background:#c00'><h1>landing page</h1></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theLandingPageThroughTheIngressBecomesAPng() throws Exception {
        Ingress ingress = new Ingress(Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), false);
        Path png = tmp.resolve(AppScreenshot.FILE_NAME);
        new AppScreenshot(new ProcessRunner(), "chromium").capture(ingress, "shot.example.test", png);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        // 1280x800, from the IHDR chunk
        assertThat(java.nio.ByteBuffer.wrap(bytes, 16, 8).getInt()).isEqualTo(1280);
        assertThat(java.nio.ByteBuffer.wrap(bytes, 20, 4).getInt()).isEqualTo(800);
        assertThat(hosts).as("the browser asked for the app's domain").contains("shot.example.test");
    }

    @Test
    void noBrowserIsAnErrorThatSaysWhy() {
        Ingress ingress = new Ingress(Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), false);
        assertThatThrownBy(() -> new AppScreenshot(new ProcessRunner(), tmp.resolve("no-such-chromium").toString())
                .capture(ingress, "shot.example.test", tmp.resolve("x.png")))
                .isInstanceOf(IOException.class).hasMessageContaining("no-such-chromium");
    }
}
