package org.coopcloud.ccci.recipes.demoweb;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.profile.ReadinessProbe;

/** Ready means the store answers its ping through the stack network, from the app's task. */
public final class StoreReady implements ReadinessProbe {
    @Override
    public void check(RecipeApp app) throws Exception {
        assertThat(app.exec("app", "sh", "-c", "timeout 5 wget -q -O- http://store:8080/cgi-bin/kv/ping").stdout().strip())
                .as("the store's ping seen from the app").isEqualTo("pong");
    }
}
