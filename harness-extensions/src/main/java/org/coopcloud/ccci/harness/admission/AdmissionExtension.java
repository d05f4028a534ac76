package org.coopcloud.ccci.harness.admission;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.coopcloud.ccci.engine.api.AfterRunCallback;
import org.coopcloud.ccci.engine.api.AfterTierCallback;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.platform.RunPlatform;

/**
 * Admission by measured memory (DESIGN section 9): after the app lock and before anything is
 * deployed, the run estimates its need from the recipe's earlier peaks on this host (else a
 * default), takes its turn in the host's fair queue, and waits, visibly and within its deadline,
 * until the host has that much free. After each tier it samples its stack's containers' peak memory;
 * at the end it records the run's peak for the next estimate and lets its grant go.
 */
public final class AdmissionExtension implements BeforeRunCallback, AfterTierCallback, AfterRunCallback {
    /** How often a waiting run looks again, and how often it says it still waits. */
    static final long POLL_MILLIS = 1_000;
    static final long SAY_EVERY_MILLIS = 15_000;

    /** A run's admission: its grant and the highest peak sampled so far. */
    private record Admitted(HeldFile grant, AtomicLong peak, MemoryBudget budget) {
    }

    @Override
    public int order() {
        return ExtensionOrder.ADMISSION;
    }

    @Override
    public void beforeRun(RunContext run) throws Exception {
        AdmissionSettings settings;
        try {
            settings = AdmissionSettings.from(run.settings());
        } catch (IllegalArgumentException e) {
            throw new InfrastructureException(e.getMessage(), e);
        }
        if (!settings.enabled()) {
            run.events().emit("admission.off");
            return;
        }
        Path directory = LockDirectory.from(run.settings()).path().resolve("admission");
        String recipe = run.spec().recipe();
        OptionalLong seen = new PeakLedger(directory.resolve("peaks")).recentMax(recipe);
        long need = seen.isPresent() ? (long) (seen.getAsLong() * AdmissionSettings.HEADROOM) : settings.defaultNeedBytes();
        String from = seen.isPresent() ? "earlier runs' peak " + mib(seen.getAsLong()) + " MiB + 25%" : "default (no earlier run of " + recipe + " here)";
        MemoryBudget budget = new MemoryBudget(settings, run.store().require(RunPlatform.class).docker(), ContainerMemory.host(),
                Path.of("/proc/meminfo"));
        AdmissionQueue queue = new AdmissionQueue(directory);
        long start = System.nanoTime();
        long[] lastSaid = {Long.MIN_VALUE};
        HeldFile grant;
        try {
            grant = queue.admit(new AdmissionQueue.Claim(run.runId(), recipe, run.stack(), need), budget, (ahead, free) -> {
                long now = System.nanoTime();
                if (lastSaid[0] == Long.MIN_VALUE || now - lastSaid[0] >= SAY_EVERY_MILLIS * 1_000_000) {
                    lastSaid[0] = now;
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("need_mib", mib(need));
                    f.put("ahead", ahead);
                    if (free >= 0) {
                        f.put("free_mib", mib(free));
                    }
                    f.put("waited_s", (now - start) / 1_000_000_000);
                    f.put("message", ahead > 0 ? ahead + " run(s) ahead in the queue; this wait counts against the run's deadline"
                            : "first in line; waiting until " + mib(need) + " MiB are free (" + mib(Math.max(free, 0)) + " MiB now); this wait counts against the run's deadline");
                    run.events().emit("admission.waiting", f);
                }
            }, POLL_MILLIS);
        } catch (IOException e) {
            throw new InfrastructureException("admission: the queue in " + directory + " cannot be used: " + e.getMessage(), e);
        }
        run.store().put(Admitted.class, new Admitted(grant, new AtomicLong(), budget));
        run.events().emit("admission.granted", Map.of("need_mib", mib(need), "estimate", from,
                "waited_s", (System.nanoTime() - start) / 1_000_000_000));
    }

    @Override
    public void afterTier(TierContext tier) throws InterruptedException {
        tier.run().store().get(Admitted.class).ifPresent(a -> {
            try {
                long peak = a.budget().stackPeak(tier.run().stack());
                a.peak().accumulateAndGet(peak, Math::max);
                if (peak > 0) {
                    tier.run().recordPeakMemory(peak);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // A sample missed is an estimate less precise, never a failed tier.
            }
        });
    }

    @Override
    public void afterRun(RunContext run) {
        run.store().get(Admitted.class).ifPresent(a -> {
            try {
                long peak = a.peak().get();
                if (peak > 0) {
                    Path directory = LockDirectory.from(run.settings()).path().resolve("admission");
                    new PeakLedger(directory.resolve("peaks")).record(run.spec().recipe(), peak);
                    run.events().emit("admission.peak", Map.of("peak_mib", mib(peak)));
                }
            } catch (IOException | RuntimeException e) {
                run.events().emit("admission.peak", Map.of("error", String.valueOf(e.getMessage())));
            } finally {
                a.grant().close();
            }
        });
    }

    private static long mib(long bytes) {
        return Math.round(bytes / (double) AdmissionSettings.MIB);
    }
}
