package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's ingress routes a stack as traefik would, on the real swarm: several hosts, a service
 * on a path prefix of the app's host (the longer rule first: traefik's default priority is the rule's
 * length, so a recipe whose app rule lists many hosts needs a priority label, as with real traefik),
 * and a HostRegexp. The ingress under test
 * is a private instance started from this checkout's source (the shared {@code ccci-ingress} may run
 * another build), on the {@code proxy} network like the shared one, published on a loopback port of
 * its own.
 */
class IngressRoutingSwarmTest {
    private static final String ID = HexFormat.of().formatHex(randomBytes());
    private static final String STACK = "ccci_ingt_" + ID;
    private static final String DOMAIN = ID + ".ingress.test";
    private static final String INGRESS = "ccci-ingress-test-" + ID;
    @TempDir
    static Path dir;
    private static String address;

    private static byte[] randomBytes() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @BeforeAll
    static void deploy() throws Exception {
        Sandbox.requireSandboxUp();
        Path compose = dir.resolve("compose.yml");
        Files.writeString(compose, """
                version: "3.8"
                services:
                  app:
                    image: ccci/busybox:1
                    command: ["sh", "-c", "mkdir -p /www/api && echo site > /www/index.html && echo site-api > /www/api/items && exec httpd -f -p 80 -h /www"]
                    networks: [proxy]
                    deploy:
                      endpoint_mode: dnsrr
                      labels:
                        - traefik.enable=true
                        - traefik.http.routers.R_app.rule=Host(`D`)
                        - traefik.http.routers.R_app.service=R_app
                        - traefik.http.routers.R_www.rule=Host(`www.D`) || Host(`alt.D`, `old.D`)
                        - traefik.http.routers.R_www.service=R_app
                        - traefik.http.services.R_app.loadbalancer.server.port=80
                  api:
                    image: ccci/busybox:1
                    command: ["sh", "-c", "mkdir -p /www/api && echo api > /www/api/items && exec httpd -f -p 8080 -h /www"]
                    networks: [proxy]
                    deploy:
                      endpoint_mode: dnsrr
                      labels:
                        - traefik.enable=true
                        - traefik.http.routers.R_api.rule=Host(`D`) && PathPrefix(`/api`)
                        - traefik.http.services.R_api.loadbalancer.server.port=8080
                  files:
                    image: ccci/busybox:1
                    command: ["sh", "-c", "mkdir -p /www && echo files > /www/index.html && exec httpd -f -p 80 -h /www"]
                    networks: [proxy]
                    deploy:
                      endpoint_mode: dnsrr
                      labels:
                        - traefik.enable=true
                        - traefik.http.routers.R_files.rule=HostRegexp(`{user:[a-z]+}.files.D`)
                        - traefik.http.services.R_files.loadbalancer.server.port=80
                networks:
                  proxy:
                    external: true
                """.replace("R_", STACK + "_").replace("`D`", "`" + DOMAIN + "`").replace(".D`", "." + DOMAIN + "`"));
        Sandbox.Result deployed = Sandbox.docker("stack", "deploy", "--detach=true", "--resolve-image", "never", "-c", compose.toString(), STACK);
        assertThat(deployed.ok()).as(deployed.describe()).isTrue();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path source = Sandbox.ROOT.resolve("sandbox/ingress/CcciIngress.java").toRealPath();
        Sandbox.Result ingress = Sandbox.docker("run", "-d", "--name", INGRESS, "--network", "proxy", "-p", "127.0.0.1::8080",
                "-v", "/:/host:ro", "ccci/busybox:1", "chroot", "/host", java, "-Xmx64m", source.toString(), "8080");
        assertThat(ingress.ok()).as(ingress.describe()).isTrue();
        address = Sandbox.docker("port", INGRESS, "8080").out().lines().findFirst().orElseThrow().strip();
    }

    @AfterAll
    static void remove() {
        Sandbox.docker("rm", "-f", INGRESS);
        Sandbox.docker("stack", "rm", STACK);
        Sandbox.await("the stack " + STACK + " gone", Duration.ofSeconds(60),
                () -> Sandbox.docker("ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + STACK).out().isBlank() ? "" : null,
                () -> "containers of the stack still listed");
    }

    @Test
    void aServiceOnAPathPrefixOfTheAppsHostIsReachedAsUsersReachIt() {
        assertThat(await(DOMAIN, "/api/items", "200")).isEqualTo("api");
        assertThat(await(DOMAIN, "/", "200")).isEqualTo("site");
        assertThat(await("www." + DOMAIN, "/api/items", "200")).as("www is the app's only (the api's rule names one host)").isEqualTo("site-api");
        assertThat(await("old." + DOMAIN, "/", "200")).as("Host with several hosts, after ||").isEqualTo("site");
    }

    @Test
    void hostRegexpRoutesEverySubdomainItMatchesAndNoOther() {
        assertThat(await("alice.files." + DOMAIN, "/", "200")).isEqualTo("files");
        assertThat(await("a.b.files." + DOMAIN, "/", "404")).contains("no traefik router matches");
    }

    private String await(String host, String path, String status) {
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>("no answer yet");
        return Sandbox.await("HTTP " + status + " for " + host + path + " through the private ingress", Duration.ofSeconds(90), () -> {
            Sandbox.Result r = Sandbox.run(Map.of(), Duration.ofSeconds(10), "curl", "-s", "-m", "5", "-H", "Host: " + host,
                    "-w", "\n%{http_code}", "http://" + address + path);
            String out = r.out();
            last.set(out.replace('\n', ' '));
            int split = out.lastIndexOf('\n');
            if (split < 0 || !out.substring(split + 1).strip().equals(status)) {
                return null;
            }
            return out.substring(0, split).strip();
        }, last::get);
    }
}
