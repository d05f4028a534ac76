package org.coopcloud.ccci.recipes.demologin;

import org.coopcloud.ccci.engine.api.Recipe;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.harness.profile.Needs;
import org.coopcloud.ccci.harness.profile.HealthVia;
import org.coopcloud.ccci.harness.profile.NotApplicable;
import org.coopcloud.ccci.harness.profile.Profile;

/** demo-login: stateless, one service, and it needs a demo-sso app, wired by {@link SsoWiring}. */
@Recipe("demo-login")
@Profile(healthVia = HealthVia.SERVICE, healthPort = 8080, healthPath = "/version.txt", acceptedStatus = 200, deployTimeoutSeconds = 120,
        healthTimeoutSeconds = 30, stateless = true,
        needs = @Needs(recipe = "demo-sso", wiring = SsoWiring.class),
        notApplicable = {
            @NotApplicable(stage = Stage.BACKUP, reason = "stateless: no volumes to back up"),
            @NotApplicable(stage = Stage.RESTORE, reason = "stateless: nothing to restore")
        })
public final class DemoLoginProfile {
    private DemoLoginProfile() {
    }
}
