package org.coopcloud.ccci.harness.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.junit.jupiter.api.Test;

/** The deploy's limit: the profile's, else the recipe's coop-cloud.${STACK_NAME}.timeout label, else the default. */
class DeployTimeoutTest {
    private static final Duration DEFAULT = Duration.ofSeconds(300);

    private static SwarmService service(String name, Map<String, String> labels) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put(DockerClient.STACK_LABEL, "st");
        return new SwarmService("id-" + name, "st_" + name, all, 1, 1, Optional.empty(), "", false);
    }

    @Test
    void withoutAProfileTimeoutTheRecipesLabelOnTheAppServiceIsTheLimit() {
        List<SwarmService> services = List.of(service("db", Map.of("coop-cloud.st.timeout", "30")),
                service("app", Map.of("coop-cloud.st.timeout", "600", "coop-cloud.st.version", "1.0.0+1")));

        DeployTimeout timeout = DeployTimeout.of(Optional.empty(), DEFAULT, "st", services);

        assertThat(timeout.limit()).isEqualTo(Duration.ofSeconds(600));
        assertThat(timeout.source()).isEqualTo("the recipe's coop-cloud.st.timeout label");
    }

    @Test
    void theProfilesTimeoutWinsOverTheLabel() {
        DeployTimeout timeout = DeployTimeout.of(Optional.of(Duration.ofSeconds(45)), DEFAULT, "st",
                List.of(service("app", Map.of("coop-cloud.st.timeout", "600"))));

        assertThat(timeout.limit()).isEqualTo(Duration.ofSeconds(45));
        assertThat(timeout.source()).isEqualTo("the profile's");
    }

    @Test
    void noLabelOrOneThatIsNoPositiveNumberOfSecondsLeavesTheDefault() {
        for (String bad : List.of("", "abc", "0", "-5", "${TIMEOUT}")) {
            assertThat(DeployTimeout.of(Optional.empty(), DEFAULT, "st", List.of(service("app", Map.of("coop-cloud.st.timeout", bad)))).limit())
                    .as(bad).isEqualTo(DEFAULT);
        }
        DeployTimeout none = DeployTimeout.of(Optional.empty(), DEFAULT, "st", List.of(service("app", Map.of("coop-cloud.other.timeout", "9"))));
        assertThat(none.limit()).isEqualTo(DEFAULT);
        assertThat(none.source()).contains("the recipe sets no coop-cloud.st.timeout label");
    }
}
