package org.coopcloud.ccci.recipes.demostatic;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.harness.app.RecipeApp;

/** demo-static's own check: the page carries the title the install step chose. */
@Tier(value = Stage.CUSTOM, recipe = "demo-static")
public class DemoStaticChecks {
    @Check(value = "the page shows the title set by the install step")
    void pageHasTheTitle(RecipeApp app) throws Exception {
        assertThat(app.get("app", 8080, "/")).contains(SiteTitleStep.TITLE);
        assertThat(app.env()).containsEntry("SITE_TITLE", SiteTitleStep.TITLE);
    }
}
