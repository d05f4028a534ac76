package org.coopcloud.ccci.harness.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.junit.jupiter.api.Test;

class RunAppCandidatesTest {
    private final RunAppCandidates candidates = new RunAppCandidates("ci.test");

    @Test
    void runAppsFromBothSourcesAreCandidates() {
        String domain = RunNaming.domain("plausible", java.util.Optional.of(3), java.util.Optional.empty(), "ci.test");
        assertThat(candidates.fromAppNames(List.of(domain))).containsExactly(domain);
        assertThat(candidates.fromSwarmNames(List.of(RunNaming.stack(domain) + "_app", RunNaming.stack(domain) + "_db")))
                .containsExactly(domain);
    }

    @Test
    void everyObjectKindAndTheStackLabelLeadToTheApp() {
        String stack = "abcd-123456_ci_test";
        assertThat(candidates.fromSwarmNames(List.of(stack))).as("stack label value").containsExactly("abcd-123456.ci.test");
        for (String name : List.of(stack + "_app.1.x8k2j3h4", stack + "_default", stack + "_data", stack + "_pw_v1")) {
            assertThat(candidates.fromSwarmNames(List.of(name))).as(name).containsExactly("abcd-123456.ci.test");
        }
    }

    @Test
    void warmCanonicalAndForeignNamesAreNot() {
        assertThat(candidates.fromAppNames(List.of("plausible.ci.test", "warm-keycloak.ci.test", "drone.ci.test",
                "abcd-123456.other.test", "abcd-12345g.ci.test", "abcd-123456.ci.test.evil"))).isEmpty();
        assertThat(candidates.fromSwarmNames(List.of("warm-keycloak_ci_test_app", "plausible_ci_test_app",
                "abcd-123456_other_test_app", "abcd-123456_ci_test_", "traefik_app", "warm-keycloak_ci_test",
                "abcd-123456_other_test", "abcd-123456_ci_testx"))).isEmpty();
    }
}
