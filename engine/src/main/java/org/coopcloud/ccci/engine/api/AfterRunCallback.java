package org.coopcloud.ccci.engine.api;

/**
 * The run's teardown. Called in reverse extension order for every extension whose
 * {@link BeforeRunCallback#beforeRun} started (an extension that only implements this interface
 * counts as started once the setup step began), also when setup or a tier failed or the run was
 * aborted. A failing afterRun does not stop the others; the failures are reported together.
 */
public interface AfterRunCallback extends Extension {
    void afterRun(RunContext run) throws Exception;
}
