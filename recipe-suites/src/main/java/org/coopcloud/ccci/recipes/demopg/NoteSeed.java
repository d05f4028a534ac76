package org.coopcloud.ccci.recipes.demopg;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.profile.DataSeed;

/** demo-pg's data is its notes: one note written and read through the app's own API, by its domain. */
public final class NoteSeed implements DataSeed {
    static final String KEY = "ccci-seed";

    @Override
    public void seed(RecipeApp app, String token) throws Exception {
        put(app, token);
        verify(app, token);
    }

    @Override
    public void verify(RecipeApp app, String token) throws Exception {
        assertThat(app.get("/api/get?key=" + KEY).strip()).as("the seeded note %s read through the app", KEY)
                .isEqualTo(token);
    }

    @Override
    public void disturb(RecipeApp app, String token) throws Exception {
        put(app, "changed-" + token);
        assertThat(app.get("/api/get?key=" + KEY).strip()).as("the note %s after changing it", KEY)
                .isEqualTo("changed-" + token);
    }

    private static void put(RecipeApp app, String value) throws InterruptedException {
        app.get("/api/put?key=" + KEY + "&value=" + value);
    }
}
