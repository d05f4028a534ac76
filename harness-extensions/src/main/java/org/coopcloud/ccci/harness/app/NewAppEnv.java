package org.coopcloud.ccci.harness.app;

import java.util.Map;
import org.coopcloud.ccci.harness.profile.InstallSteps;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.junit.platform.commons.support.ReflectionSupport;

/** What every app the harness creates gets in its .env after {@code abra app new}: no ACME, the profile's values, its install steps. */
public final class NewAppEnv {
    private NewAppEnv() {
    }

    public static void apply(AppEnv env, RecipeProfile profile) throws Exception {
        env.set("LETS_ENCRYPT_ENV", ""); // no ACME for apps on a test host
        for (Map.Entry<String, String> entry : profile.env().entrySet()) {
            env.set(entry.getKey(), entry.getValue());
        }
        for (Class<? extends InstallSteps> steps : profile.installSteps()) {
            ReflectionSupport.newInstance(steps).afterAppNew(env);
        }
    }
}
