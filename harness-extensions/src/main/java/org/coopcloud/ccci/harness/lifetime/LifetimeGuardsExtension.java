package org.coopcloud.ccci.harness.lifetime;

import org.coopcloud.ccci.engine.api.AfterRunCallback;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.RunContext;

/**
 * The first thing a run does: install the lifetime guards (refusing to run when they cannot hold)
 * and route the process's signal and deadline events into this run's events.jsonl until its
 * teardown ends.
 */
public final class LifetimeGuardsExtension implements BeforeRunCallback, AfterRunCallback {
    @Override
    public int order() {
        return ExtensionOrder.LIFETIME_GUARDS;
    }

    @Override
    public void beforeRun(RunContext run) {
        LifetimeGuards.install(DeadlineSetting.from(run.settings()));
        ActiveRuns.add(run.events());
    }

    @Override
    public void afterRun(RunContext run) {
        ActiveRuns.remove(run.events());
    }
}
