package org.coopcloud.ccci.engine.api;

import java.util.Optional;

/**
 * Lets an extension declare a tier not applicable to this recipe (backup on a recipe without
 * backupbot labels, a rung the recipe's profile declares skipped). A declared skip lets the level
 * climb past the rung; a rung that did not run for any other reason is unverified and blocks it.
 * Asked just before the tier would start, after setup.
 */
public interface TierCondition extends Extension {
    /** The reason the tier does not apply, or empty when it does. */
    Optional<String> notApplicable(TierContext tier);
}
