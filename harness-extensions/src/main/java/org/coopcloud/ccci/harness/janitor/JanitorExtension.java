package org.coopcloud.ccci.harness.janitor;

import java.lang.System.Logger.Level;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.harness.canonical.CanonicalJanitor;
import org.coopcloud.ccci.harness.canonical.CanonicalRepairs;
import org.coopcloud.ccci.harness.platform.RunPlatform;

/**
 * The janitor sweep at every run start, after the workspace and the recipe fetch and before this
 * run takes its own app lock. The report goes into the run's store.
 */
public final class JanitorExtension implements BeforeRunCallback {
    private static final System.Logger LOG = System.getLogger(JanitorExtension.class.getName());

    @Override
    public int order() {
        return ExtensionOrder.JANITOR;
    }

    @Override
    public void beforeRun(RunContext run) throws InterruptedException {
        Janitor janitor = new Janitor(JanitorConfig.from(run.settings()), JanitorPorts.lookup(run.store()), run.events());
        JanitorReport report = janitor.sweep();
        run.store().put(JanitorReport.class, report);
        LOG.log(Level.INFO, "janitor: reaped {0}, left {1} live, tidied {2} stale lockfile(s)",
                report.reaped().size(), report.live().size(), report.tidiedLockFiles().size());
        // Canonical apps a killed quick run left changed are repaired, not reaped (before this run's own lock).
        Optional<RunPlatform> platform = run.store().get(RunPlatform.class);
        if (platform.isPresent()) {
            CanonicalJanitor canonical = CanonicalRepairs.janitor(run.settings(), platform.get().abra(),
                    platform.get().runner(), platform.get().docker(), run.events());
            canonical.repairMarked();
            canonical.reapTenants(); // dead runs' tenants in warm canonical apps
            canonical.reclaimAbandonedAbraDirs(); // what a canonical restore killed mid-way left in <tmp>
        }
    }
}
