package org.coopcloud.ccci.harness.profile;

import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.RecipeApp;

/**
 * Hands a deployed dependency's values to the recipe's app: read what the dependency gives out (a
 * client id and secret, a URL) and write it into the app's .env, after {@code abra app new} and
 * before the app's first deploy. Throwing means the wiring failed: the app still deploys, and every
 * check that needs the dependency is unverified, never failed against the recipe. Needs a public
 * no-argument constructor.
 */
public interface DependencyWiring {
    void wire(RecipeApp dependency, AppEnv app) throws Exception;
}
