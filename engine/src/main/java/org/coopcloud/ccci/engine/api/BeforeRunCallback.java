package org.coopcloud.ccci.engine.api;

/**
 * Called in the run's setup step, in extension order. When one throws, the setup step fails, no
 * further beforeRun is called, and every tier is skipped; {@link AfterRunCallback#afterRun} is
 * still called for every extension whose beforeRun started.
 */
public interface BeforeRunCallback extends Extension {
    void beforeRun(RunContext run) throws Exception;
}
