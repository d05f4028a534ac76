package org.coopcloud.ccci.recipes.demostatic;

import org.coopcloud.ccci.engine.api.Recipe;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.harness.profile.NotApplicable;
import org.coopcloud.ccci.harness.profile.HealthVia;
import org.coopcloud.ccci.harness.profile.Profile;

/**
 * demo-static: stateless, one service. Nothing to back up, so backup and restore are declared not
 * applicable; SITE_TITLE has no default, so an install step sets it after {@code abra app new}. No
 * traefik labels: its health is probed inside the app service.
 */
@Recipe("demo-static")
@Profile(healthVia = HealthVia.SERVICE, healthPort = 8080, healthPath = "/", acceptedStatus = 200, deployTimeoutSeconds = 120,
        healthTimeoutSeconds = 30, installSteps = SiteTitleStep.class, stateless = true,
        notApplicable = {
            @NotApplicable(stage = Stage.BACKUP, reason = "stateless: no volumes to back up"),
            @NotApplicable(stage = Stage.RESTORE, reason = "stateless: nothing to restore")
        })
public final class DemoStaticProfile {
    private DemoStaticProfile() {
    }
}
