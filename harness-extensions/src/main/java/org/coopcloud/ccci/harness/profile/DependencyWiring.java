package org.coopcloud.ccci.harness.profile;

import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.Dependencies;

/**
 * Hands a deployed dependency's values to the recipe's app: read what the dependency gives out (a
 * client id and secret, a URL) and write it into the app's .env, after {@code abra app new} and
 * before the app's first deploy (and again at each creation of the app). Throwing means the wiring
 * failed: the app still deploys, and every check that needs the dependency is unverified, never
 * failed against the recipe. Needs a public no-argument constructor.
 */
public interface DependencyWiring {
    /**
     * @param dependency the dependency's app, and the run's tenant in it when the app is a warm
     *                   canonical one shared by runs (the wiring then hands out that tenant's values)
     */
    void wire(Dependencies.Dependency dependency, AppEnv app) throws Exception;
}
