package org.coopcloud.ccci.recipes.demosso;

import org.coopcloud.ccci.engine.api.Recipe;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.harness.profile.HealthVia;
import org.coopcloud.ccci.harness.profile.NotApplicable;
import org.coopcloud.ccci.harness.profile.Profile;

/**
 * demo-sso: the sandbox's stand-in SSO provider, a dependency of demo-login. Its profile is what a
 * run reads to deploy it as a dependency (health, timeouts); it is stateless (its realms are
 * per-run tenants, not data). Its realms are its tenants: with a canonical demo-sso on the host,
 * runs that need it share that warm app, each with a realm of its own.
 */
@Recipe("demo-sso")
@Profile(healthVia = HealthVia.SERVICE, healthPort = 8080, healthPath = "/version.txt", acceptedStatus = 200, deployTimeoutSeconds = 120,
        healthTimeoutSeconds = 30, stateless = true, tenancy = SsoRealms.class,
        notApplicable = {
            @NotApplicable(stage = Stage.BACKUP, reason = "stateless: no volumes to back up"),
            @NotApplicable(stage = Stage.RESTORE, reason = "stateless: nothing to restore")
        })
public final class DemoSsoProfile {
    private DemoSsoProfile() {
    }
}
