package org.coopcloud.ccci.harness.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.profile.RecipeProfile;

/** The "serving" check every rung ends with: the profile's health check answers an accepted status. */
final class Serving {
    private Serving() {
    }

    static void assertServing(RecipeApp app, RecipeProfile profile, RunPlatform platform) throws InterruptedException {
        HealthCheckResult health = app.checkHealth(profile);
        assertThat(health.healthy()).as(health.detail()).isTrue();
    }
}
