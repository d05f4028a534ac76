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
        assertThat(candidates.fromServiceNames(List.of(RunNaming.stack(domain) + "_app", RunNaming.stack(domain) + "_db")))
                .containsExactly(domain);
    }

    @Test
    void warmCanonicalAndForeignNamesAreNot() {
        assertThat(candidates.fromAppNames(List.of("plausible.ci.test", "warm-keycloak.ci.test", "drone.ci.test",
                "abcd-123456.other.test", "abcd-12345g.ci.test", "abcd-123456.ci.test.evil"))).isEmpty();
        assertThat(candidates.fromServiceNames(List.of("warm-keycloak_ci_test_app", "plausible_ci_test_app",
                "abcd-123456_other_test_app", "abcd-123456_ci_test_", "traefik_app"))).isEmpty();
    }
}
