package org.coopcloud.ccci.harness.canonical;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.harness.lock.LockProbe;
import org.coopcloud.ccci.harness.lock.LockProbe.Held;
import org.coopcloud.ccci.harness.lock.LockProbe.Orphan;
import org.coopcloud.ccci.harness.lock.LockProbe.Outcome;

/**
 * The janitor's part for canonical apps: never reaped, but repaired. A canonical app that carries
 * a mark while nobody holds its domain lock was left changed by a run that died (SIGKILL, a host
 * crash); it is restored to its release and snapshot while the janitor holds the lock (so a quick
 * run starting meanwhile waits, then finds it clean), and the mark goes. A held lock is a live
 * quick run: left alone.
 */
public final class CanonicalJanitor {
    private static final System.Logger LOG = System.getLogger(CanonicalJanitor.class.getName());

    /** Puts one canonical app back to its release and snapshot ({@link CanonicalRestorer} in production). */
    @FunctionalInterface
    public interface Restore {
        void restore(CanonicalRecord record) throws Exception;
    }

    /**
     * Removes a dead run's tenant from a warm canonical app, proves it gone and forgets its record
     * (sharing the app as a run does, in production); false when the app cannot be shared now.
     */
    @FunctionalInterface
    public interface TenantRemoval {
        boolean remove(CanonicalRecord provider, TenantRecord tenant) throws Exception;
    }

    private final CanonicalStore store;
    private final LockProbe probe;
    private final Restore restore;
    private final TenantRemoval tenantRemoval;
    private final EventLog events;
    private final List<String> problems = new ArrayList<>();

    public CanonicalJanitor(CanonicalStore store, LockProbe probe, Restore restore, TenantRemoval tenantRemoval,
            EventLog events) {
        this.store = store;
        this.probe = probe;
        this.restore = restore;
        this.tenantRemoval = tenantRemoval;
        this.events = events;
    }

    /**
     * What went wrong in this janitor's sweeps, one line each naming the app or file: a repair or
     * tenant removal that failed, a corrupt state file. {@code bin/ccci janitor} exits non-zero on any.
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private void problem(String line) {
        LOG.log(Level.WARNING, "!! janitor: {0}", line);
        problems.add(line);
    }

    /** The recipe's record, or empty when it has none or it is corrupt (named as a problem; the recipe is skipped). */
    private Optional<CanonicalRecord> recordOf(String recipe) {
        try {
            return store.record(recipe);
        } catch (CorruptStateException e) {
            problem(e.getMessage() + " (the canonical app of " + recipe + " is skipped until then; other apps are not"
                    + " affected)");
            return Optional.empty();
        } catch (java.io.UncheckedIOException e) {
            problem("canonical " + recipe + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Repairs every marked canonical app nobody holds; returns the domains repaired. */
    public List<String> repairMarked() throws InterruptedException {
        List<String> repaired = new ArrayList<>();
        List<String> recipes;
        try {
            recipes = store.recipes();
        } catch (IOException e) {
            problem("cannot list canonical apps in " + store.directory() + " (" + e.getMessage() + ")");
            return repaired;
        }
        for (String recipe : recipes) {
            Optional<CanonicalMark> mark;
            try {
                mark = store.mark(recipe);
            } catch (java.io.UncheckedIOException e) {
                problem("canonical " + recipe + ": " + e.getMessage());
                continue;
            }
            if (mark.isEmpty()) {
                continue;
            }
            Optional<CanonicalRecord> record = recordOf(recipe);
            if (record.isEmpty()) {
                continue;
            }
            String domain = record.get().domain();
            Outcome outcome = probe.probe(domain, Instant.now());
            if (outcome instanceof Orphan orphan) {
                try (orphan) {
                    LOG.log(Level.INFO, "janitor: canonical app {0} was left changed ({1}); restoring it", domain,
                            mark.get().describe());
                    restore.restore(record.get());
                    store.clearMark(recipe);
                    repaired.add(domain);
                    events.emit("canonical.repair", Map.of("domain", domain, "why", mark.get().describe(), "by", "janitor"));
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    problem("restoring canonical app " + domain + " failed (" + e + "); it keeps its mark: the next"
                            + " janitor or quick run tries again, or `bin/ccci canonical " + recipe + " reset`");
                }
            } else if (outcome instanceof Held) {
                LOG.log(Level.INFO, "janitor: canonical app {0} is in use by a live run; leaving it", domain);
            }
        }
        return repaired;
    }

    /**
     * Removes the tenants of dead runs from the warm canonical apps: a tenant whose owner's app lock
     * nobody holds belongs to a run that died. The janitor holds that lock while it removes the
     * tenant, so a new run of the owner's domain waits, then finds no tenant of its name. Returns
     * the tenants removed; one that could not be removed keeps its record for the next sweep.
     */
    public List<String> reapTenants() throws InterruptedException {
        List<String> reaped = new ArrayList<>();
        List<String> recipes;
        try {
            recipes = store.recipes();
        } catch (IOException e) {
            problem("cannot list canonical apps in " + store.directory() + " (" + e.getMessage() + ")");
            return reaped;
        }
        for (String recipe : recipes) {
            Optional<CanonicalRecord> record = recordOf(recipe);
            if (record.isEmpty()) {
                continue;
            }
            List<TenantRecord> tenants = readableTenants(recipe);
            for (TenantRecord tenant : tenants) {
                if (probe.probe(tenant.ownerDomain(), Instant.now()) instanceof Orphan orphan) {
                    try (orphan) {
                        if (tenantRemoval.remove(record.get(), tenant)) {
                            reaped.add(tenant.tenant());
                            events.emit("canonical.tenant.reaped", Map.of("domain", record.get().domain(),
                                    "tenant", tenant.tenant(), "owner", tenant.ownerDomain()));
                            LOG.log(Level.INFO, "janitor: removed the tenant {0} of dead run {1} ({2}) from {3}",
                                    tenant.tenant(), tenant.runId(), tenant.ownerDomain(), record.get().domain());
                            orphan.unlinkAndRelease();
                        } else {
                            LOG.log(Level.INFO, "janitor: {0} cannot be shared now; the tenant {1} of dead run {2} stays"
                                    + " for the next sweep", record.get().domain(), tenant.tenant(), tenant.runId());
                        }
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        problem("removing the tenant " + tenant.tenant() + " from " + record.get().domain() + " failed ("
                                + e + "); it keeps its record for the next sweep");
                    }
                }
            }
        }
        return reaped;
    }

    /** The recipe's tenant records; each unreadable one is set aside (named as a problem), the rest are kept. */
    private List<TenantRecord> readableTenants(String recipe) {
        List<TenantRecord> tenants = new ArrayList<>();
        List<java.nio.file.Path> files;
        try {
            files = store.tenantFiles(recipe);
        } catch (IOException e) {
            problem("cannot list the tenants of " + recipe + " (" + e.getMessage() + ")");
            return tenants;
        }
        for (java.nio.file.Path file : files) {
            try {
                tenants.add(store.tenant(file));
            } catch (CorruptStateException e) {
                String aside;
                try {
                    aside = "set aside as " + store.setAside(file);
                } catch (IOException moveFailed) {
                    aside = "could not be set aside (" + moveFailed.getMessage() + ")";
                }
                problem(e.getMessage() + " (" + aside + ")");
            } catch (IOException e) {
                problem("cannot read the tenant record " + file + " (" + e.getMessage() + ")");
            }
        }
        return tenants;
    }

    /**
     * Removes the private ABRA_DIRs of canonical restores whose process was killed mid-restore
     * (SIGKILL leaves them under {@code <tmp>/ccci-canonical-abra/}); returns what was removed.
     */
    public List<java.nio.file.Path> reclaimAbandonedAbraDirs() {
        try {
            List<java.nio.file.Path> removed = PrivateAbraDir.reclaimDead(PrivateAbraDir.HOME);
            if (!removed.isEmpty()) {
                LOG.log(Level.INFO, "janitor: removed the private ABRA_DIRs of killed canonical restores: {0}", removed);
            }
            return removed;
        } catch (IOException e) {
            problem("cannot reclaim the private ABRA_DIRs in " + PrivateAbraDir.HOME + " (" + e.getMessage() + ")");
            return List.of();
        }
    }
}
