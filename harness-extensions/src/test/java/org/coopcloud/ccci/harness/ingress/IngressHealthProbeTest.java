package org.coopcloud.ccci.harness.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.deploy.HttpProbe;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.testing.TestRunContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health check through an ingress, against a real HTTP server on loopback that answers as the
 * sandbox's ingress does: by the Host header, and with {@code X-Ccci-Ingress-Error} when it cannot route.
 */
class IngressHealthProbeTest {
    private HttpServer server;
    private final List<String> hostsSeen = new CopyOnWriteArrayList<>();
    private Ingress ingress;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host");
            hostsSeen.add(host);
            byte[] body;
            int status;
            switch (host) {
                case "up.example.test" -> {
                    status = exchange.getRequestURI().getPath().equals("/") ? 200 : 404;
                    body = "<h1>welcome</h1>".getBytes(StandardCharsets.UTF_8);
                }
                case "wrong-port.example.test" -> {
                    status = 502;
                    String reason = "router r -> service s (traefik.http.services.s.loadbalancer.server.port=80): cannot connect";
                    exchange.getResponseHeaders().add("X-Ccci-Ingress-Error", reason);
                    body = reason.getBytes(StandardCharsets.UTF_8);
                }
                case "moved.example.test" -> {
                    status = 302;
                    exchange.getResponseHeaders().add("Location", "https://moved.example.test/login");
                    body = new byte[0];
                }
                default -> {
                    status = 404;
                    body = "404 page not found".getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        ingress = new Ingress(Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), false);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anAppThatAnswersByItsDomainIsHealthyAndTheHostHeaderIsTheDomain() throws Exception {
        HealthCheckResult result = new IngressHealthProbe(ingress).check("up.example.test", HttpProbe.of(80));
        assertThat(result.healthy()).as(result.detail()).isTrue();
        assertThat(result.status()).hasValue(200);
        assertThat(hostsSeen).containsExactly("up.example.test");
        assertThat(ingress.get("up.example.test", "/", Duration.ofSeconds(5)).bodyText()).contains("welcome");
    }

    @Test
    void recipeAppHttpAndGetReachTheAppByItsDomainThroughTheIngress() throws Exception {
        RecipeApp app = new RecipeApp("demo-pub", "up.example.test", "up_example_test", null, DockerClient.fromEnvironment(), ingress);
        assertThat(app.get("/")).contains("welcome");
        assertThat(app.http("/").healthy()).isTrue();
        assertThat(app.http("/missing").healthy()).as("http(path) wants 200").isFalse();
        assertThatThrownBy(() -> app.get("/missing")).isInstanceOf(AssertionError.class).hasMessageContaining("answered 404");
        assertThat(hostsSeen).containsOnly("up.example.test");
    }

    @Test
    void aRedirectIsAnAnswerNotFollowed() throws Exception {
        HealthCheckResult result = new IngressHealthProbe(ingress).check("moved.example.test", HttpProbe.of(80));
        assertThat(result.healthy()).as(result.detail()).isTrue();
        assertThat(result.status()).hasValue(302);
        assertThat(hostsSeen).containsExactly("moved.example.test");
    }

    @Test
    void aRoutingFailureOfTheIngressIsNamedAsTheRouting() throws Exception {
        HealthCheckResult result = new IngressHealthProbe(ingress).check("wrong-port.example.test", HttpProbe.of(80));
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).contains("the routing to the app failed (502)", "loadbalancer.server.port=80");
    }

    @Test
    void aPlainTraefik404GetsTheHintAboutTheRouterRule() throws Exception {
        HealthCheckResult result = new IngressHealthProbe(ingress).check("nobody.example.test", HttpProbe.of(80));
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).contains("answered 404", "router rule", "404 page not found");
    }

    @Test
    void anIngressThatDoesNotAnswerIsOurFaultNotTheRecipes() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Ingress nowhere = new Ingress(Optional.of(URI.create("http://127.0.0.1:" + closed)), false);
        assertThatThrownBy(() -> new IngressHealthProbe(nowhere).check("up.example.test", HttpProbe.of(80)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("the ingress does not answer")
                .hasMessageContaining("bin/ccci sandbox up");
    }

    @Test
    void theSettingsPickTheAddressAndRefuseWhatIsNotHttpHostPort() {
        assertThat(Ingress.from(settings(Map.of(Ingress.ENV, "http://127.0.0.1:8480"))).describe("a.example.test"))
                .isEqualTo("http://127.0.0.1:8480 (Host: a.example.test)");
        assertThat(Ingress.from(settings(Map.of())).describe("a.example.test")).isEqualTo("https://a.example.test");
        assertThatThrownBy(() -> Ingress.from(settings(Map.of(Ingress.ENV, "127.0.0.1:8480")))).hasMessageContaining(Ingress.ENV);
    }

    private static org.coopcloud.ccci.engine.api.Settings settings(Map<String, String> env) {
        TestRunContext run = new TestRunContext();
        env.forEach(run::with);
        return run.settings();
    }
}
