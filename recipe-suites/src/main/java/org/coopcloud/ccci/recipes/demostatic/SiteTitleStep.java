package org.coopcloud.ccci.recipes.demostatic;

import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.profile.InstallSteps;

/** demo-static refuses to deploy without SITE_TITLE: an operator chooses it after {@code abra app new}. */
public final class SiteTitleStep implements InstallSteps {
    public static final String TITLE = "cc-ci demo-static";

    @Override
    public void afterAppNew(AppEnv env) throws Exception {
        env.set("SITE_TITLE", TITLE);
    }
}
