package org.coopcloud.ccci.harness.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;

/**
 * The install rung, for every recipe: the PR head, deployed fresh in setup, converged, serves, and
 * runs every service its compose files declare.
 */
@Tier(Stage.INSTALL)
public class InstallTier {
    @Check(order = 1, value = "converged")
    void converged(RecipeApp app) throws InterruptedException {
        List<SwarmService> services = app.services();
        assertThat(services).as("services of %s", app.stack()).isNotEmpty();
        for (SwarmService service : services) {
            assertThat(service.runningTasks()).as("running tasks of %s", service.name()).isEqualTo(service.desiredTasks());
            assertThat(service.updateState().orElse("none")).as("update state of %s", service.name())
                    .isNotIn("updating", "rollback_started", "paused", "rollback_paused", "rollback_completed");
        }
    }

    @Check(order = 2, value = "serving")
    void serving(RecipeApp app, RecipeProfile profile, RunPlatform platform) throws InterruptedException {
        Serving.assertServing(app, profile, platform);
    }

    @Check(order = 3, value = "expected services up")
    void expectedServicesUp(RecipeApp app, RecipeCheckout checkout) throws Exception {
        Map<String, String> env = app.env();
        List<String> composeFiles = Arrays.asList(env.getOrDefault("COMPOSE_FILE", "compose.yml").split(":"));
        Set<String> declared = ComposeServices.declaredIn(checkout.directory(), composeFiles);
        Map<String, SwarmService> running = app.services().stream()
                .collect(Collectors.toMap(SwarmService::shortName, s -> s));
        assertThat(declared).as("services declared in %s", composeFiles).isNotEmpty();
        for (String service : declared) {
            assertThat(running).as("services of %s", app.stack()).containsKey(service);
            assertThat(running.get(service).runningTasks()).as("running tasks of %s", service).isPositive();
        }
    }
}
