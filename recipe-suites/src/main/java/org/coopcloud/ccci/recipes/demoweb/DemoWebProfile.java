package org.coopcloud.ccci.recipes.demoweb;

import org.coopcloud.ccci.engine.api.Recipe;
import org.coopcloud.ccci.harness.profile.HealthVia;
import org.coopcloud.ccci.harness.profile.Profile;

/**
 * demo-web: busybox httpd on 8080; its health endpoint answers 200 only when the store answers. It
 * carries no traefik labels (a cc-ci-shaped recipe), so its health is probed inside the app service.
 */
@Recipe("demo-web")
@Profile(healthVia = HealthVia.SERVICE, healthPort = 8080, healthPath = "/cgi-bin/app/health", acceptedStatus = 200, deployTimeoutSeconds = 120,
        healthTimeoutSeconds = 30, dataSeed = DemoWebDataSeed.class, readinessProbes = StoreReady.class)
public final class DemoWebProfile {
    private DemoWebProfile() {
    }
}
