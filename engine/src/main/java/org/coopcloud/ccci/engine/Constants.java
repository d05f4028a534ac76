package org.coopcloud.ccci.engine;

/**
 * Every configuration key the engine reads, with the environment variable Drone sets as its
 * fallback. docs/architecture.md has the table with defaults; keep the two in step.
 */
public final class Constants {
    public static final String ENGINE_ID = "cc-ci";

    public static final String RECIPE = "ccci.recipe";
    public static final String RECIPE_ENV = "RECIPE";
    public static final String REF = "ccci.ref";
    public static final String REF_ENV = "REF";
    public static final String PR = "ccci.pr";
    public static final String PR_ENV = "PR";
    public static final String SRC = "ccci.src";
    public static final String SRC_ENV = "SRC";
    public static final String STAGES = "ccci.stages";
    public static final String STAGES_ENV = "STAGES";
    public static final String QUICK = "ccci.quick";
    public static final String QUICK_ENV = "CCCI_QUICK";

    /** The run id; else DRONE_BUILD_NUMBER, else CCCI_RUN_ID, else manual-&lt;pid&gt;. */
    public static final String RUN_ID = "ccci.run.id";
    public static final String RUN_ID_ENV = "CCCI_RUN_ID";
    public static final String DRONE_BUILD_NUMBER_ENV = "DRONE_BUILD_NUMBER";

    public static final String RUNS_DIR = "ccci.runs.dir";
    public static final String RUNS_DIR_ENV = "CCCI_RUNS_DIR";
    public static final String DEFAULT_RUNS_DIR = "/var/lib/cc-ci-runs";

    public static final String DOMAIN_SUFFIX = "ccci.domain.suffix";
    public static final String DOMAIN_SUFFIX_ENV = "CCCI_DOMAIN_SUFFIX";

    /** The dashboard's public base URL: the PR comment links the run page, badge, card and screenshot there. */
    public static final String DASHBOARD_URL = "ccci.dashboard.url";
    public static final String DASHBOARD_URL_ENV = "CCCI_DASHBOARD_URL";
    /** The build log's URL; Drone sets DRONE_BUILD_LINK to the build's page. */
    public static final String LOG_URL = "ccci.log.url";
    public static final String LOG_URL_ENV = "DRONE_BUILD_LINK";

    /** Who started the run: testme (the bridge's build), scheduled (the nightly sweep), manual (default). */
    public static final String TRIGGER = "ccci.trigger";
    public static final String TRIGGER_ENV = "CCCI_TRIGGER";

    /** Comma-separated packages scanned for tier and profile classes. */
    public static final String SCAN_PACKAGES = "ccci.scan.packages";
    public static final String DEFAULT_SCAN_PACKAGES = "org.coopcloud.ccci";

    /** Runs execute concurrently (one exclusive resource per app domain) when true. */
    public static final String PARALLEL_ENABLED = "ccci.execution.parallel.enabled";
    /** Prefix of JUnit's parallel executor settings (strategy, parallelism, ...) for this engine. */
    public static final String PARALLEL_CONFIG_PREFIX = "ccci.execution.parallel.config.";

    private Constants() {
    }
}
