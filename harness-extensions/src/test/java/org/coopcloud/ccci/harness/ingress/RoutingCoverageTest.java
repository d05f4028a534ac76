package org.coopcloud.ccci.harness.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.junit.jupiter.api.Test;

class RoutingCoverageTest {
    private static SwarmService service(String shortName, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(DockerClient.STACK_LABEL, "s_test");
        return new SwarmService("id-" + shortName, "s_test_" + shortName, all, 1, 1, Optional.empty(), "", false);
    }

    @Test
    void tcpAndUdpRoutersAreNeverCheckedAnywhere() {
        SwarmService mail = service("app", Map.of("traefik.enable", "true",
                "traefik.tcp.routers.s_smtp.rule", "HostSNI(`*`)", "traefik.tcp.routers.s_smtp.entrypoints", "smtp",
                "traefik.udp.routers.s_dns.entrypoints", "dns"));
        List<String> production = RoutingCoverage.notChecked(List.of(mail), false);
        assertThat(production).containsExactly(
                "tcp router s_smtp of service app: not checked (cc-ci reaches apps over HTTP only)",
                "udp router s_dns of service app: not checked (cc-ci reaches apps over HTTP only)");
        assertThat(RoutingCoverage.notChecked(List.of(mail), true)).isEqualTo(production);
    }

    @Test
    void middlewaresAndUnevaluatedMatchersAreNamedOnTheSandboxOnly() {
        SwarmService app = service("app", Map.of("traefik.enable", "true",
                "traefik.http.routers.s.rule", "Host(`d.test`) && Method(`GET`) || Header(`X-Path(`, `1`)",
                "traefik.http.routers.s.middlewares", "s-redirect,s-auth",
                "traefik.http.routers.s_api.rule", "Host(`d.test`) && PathPrefix(`/api`)"));
        assertThat(RoutingCoverage.notChecked(List.of(app), true)).containsExactly(
                "middlewares s-redirect,s-auth of router s (service app): not checked (the sandbox's ingress does not apply middlewares)",
                "router s of service app uses Method(...), Header(...): not checked"
                        + " (the sandbox's ingress does not evaluate those matchers, so it never routes by this router)");
        assertThat(RoutingCoverage.notChecked(List.of(app), false)).as("the real traefik applies them").isEmpty();
    }

    @Test
    void servicesTraefikDoesNotServeAndPlainRulesNeedNoMention() {
        SwarmService hidden = service("db", Map.of("traefik.tcp.routers.db.rule", "HostSNI(`*`)"));
        SwarmService web = service("app", Map.of("traefik.enable", "true",
                "traefik.http.routers.s.rule", "HostRegexp(`{sub:[a-z]+}.d.test`) || Host(`d.test`, `www.d.test`) && Path(`/`)"));
        assertThat(RoutingCoverage.notChecked(List.of(hidden, web), true)).isEmpty();
    }
}
