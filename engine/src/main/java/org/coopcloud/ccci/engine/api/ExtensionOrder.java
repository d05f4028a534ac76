package org.coopcloud.ccci.engine.api;

/** The order slots of the built-in extensions, in the run order of DESIGN section 5. */
public final class ExtensionOrder {
    public static final int LIFETIME_GUARDS = 100;
    public static final int WORKSPACE = 200;
    /** The run's handles on the outside world (process runner, abra, docker), once the workspace exists. */
    public static final int PLATFORM = 250;
    public static final int RECIPE_FETCH = 300;
    /** The recipe's own settings file, read at the PR head right after the fetch, before anything is deployed. */
    public static final int RECIPE_LOCAL_FILE = 350;
    public static final int JANITOR = 400;
    public static final int APP_LOCK = 500;
    /** Admission by memory: after the app lock (a run waiting for its domain holds no claim), before the deploy. */
    public static final int ADMISSION = 550;
    public static final int DEPLOY = 600;
    /** Default slot: after every built-in extension. */
    public static final int RECIPE = 1000;

    private ExtensionOrder() {
    }
}
