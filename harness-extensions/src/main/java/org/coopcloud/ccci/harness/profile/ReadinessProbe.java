package org.coopcloud.ccci.harness.profile;

import org.coopcloud.ccci.harness.app.RecipeApp;

/**
 * A recipe's own "ready" test, beyond converged and serving (a worker that must have registered, a
 * migration that must have finished). Throws when not ready. Needs a public no-argument constructor.
 */
public interface ReadinessProbe {
    void check(RecipeApp app) throws Exception;
}
