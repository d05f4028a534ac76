package org.coopcloud.ccci.harness.profile;

import org.coopcloud.ccci.harness.app.RecipeApp;

/**
 * How the ladder puts data into a recipe's app and checks it: seeded before the upgrade, checked
 * after it; changed before a restore, checked exactly back after it. The token is unique per run;
 * store it in the app however the app stores data. Needs a public no-argument constructor.
 */
public interface DataSeed {
    void seed(RecipeApp app, String token) throws Exception;

    /** Throws (an AssertionError is best) unless the app holds exactly the seeded token. */
    void verify(RecipeApp app, String token) throws Exception;

    /** Changes or wipes the seeded data, so a restore has something to bring back. */
    void disturb(RecipeApp app, String token) throws Exception;
}
