package org.coopcloud.ccci.recipes.demoweb;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.profile.DataSeed;

/** demo-web's data is its store: the seed is one key written through the app, read back through it. */
public final class DemoWebDataSeed implements DataSeed {
    static final String KEY = "ccci-seed";
    private static final int PORT = 8080;

    @Override
    public void seed(RecipeApp app, String token) throws Exception {
        put(app, token);
        verify(app, token);
    }

    @Override
    public void verify(RecipeApp app, String token) throws Exception {
        assertThat(app.get("app", PORT, "/cgi-bin/app/get?key=" + KEY).strip())
                .as("seeded key %s read through the app", KEY).isEqualTo(token);
    }

    @Override
    public void disturb(RecipeApp app, String token) throws Exception {
        put(app, "changed-" + token);
    }

    private static void put(RecipeApp app, String value) throws InterruptedException {
        app.get("app", PORT, "/cgi-bin/app/put?key=" + KEY + "&value=" + value);
    }
}
