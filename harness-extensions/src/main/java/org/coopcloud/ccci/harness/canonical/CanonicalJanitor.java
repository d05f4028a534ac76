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

    private final CanonicalStore store;
    private final LockProbe probe;
    private final Restore restore;
    private final EventLog events;

    public CanonicalJanitor(CanonicalStore store, LockProbe probe, Restore restore, EventLog events) {
        this.store = store;
        this.probe = probe;
        this.restore = restore;
        this.events = events;
    }

    /** Repairs every marked canonical app nobody holds; returns the domains repaired. */
    public List<String> repairMarked() throws InterruptedException {
        List<String> repaired = new ArrayList<>();
        List<String> recipes;
        try {
            recipes = store.recipes();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "janitor: cannot list canonical apps in {0} ({1})", store.directory(), e.getMessage());
            return repaired;
        }
        for (String recipe : recipes) {
            Optional<CanonicalMark> mark = store.mark(recipe);
            Optional<CanonicalRecord> record = store.record(recipe);
            if (mark.isEmpty() || record.isEmpty()) {
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
                    LOG.log(Level.WARNING, "!! janitor: restoring canonical app {0} failed ({1}); it keeps its mark",
                            domain, e.toString());
                }
            } else if (outcome instanceof Held) {
                LOG.log(Level.INFO, "janitor: canonical app {0} is in use by a live run; leaving it", domain);
            }
        }
        return repaired;
    }
}
