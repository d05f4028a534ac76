package org.coopcloud.ccci.harness.janitor;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockProbe;
import org.coopcloud.ccci.harness.lock.LockProbe.Held;
import org.coopcloud.ccci.harness.lock.LockProbe.Orphan;
import org.coopcloud.ccci.harness.lock.LockProbe.Outcome;
import org.coopcloud.ccci.harness.lock.LockProbe.StaleInode;
import org.coopcloud.ccci.harness.lock.LockProbe.Unopenable;

/**
 * Reaps the apps of runs that died without tearing down, and never touches a live run's app. The
 * kernel flock is the only liveness oracle: a run holds its domain's lock for as long as its
 * process lives, so a lock the janitor can take belongs to nobody (DESIGN section 6).
 *
 * <p>Per candidate (a run-app domain found by discovery):
 * <table>
 *   <caption>decision</caption>
 *   <tr><th>probe</th><th>meaning</th><th>action</th></tr>
 *   <tr><td>acquired, inode matches the path</td><td>orphan</td>
 *       <td>reap while holding the probe lock, unlink the lockfile, release</td></tr>
 *   <tr><td>acquired, inode stale</td><td>another janitor reaped it meanwhile</td><td>skip</td></tr>
 *   <tr><td>held</td><td>live run</td><td>leave it; flag when held over twice the deadline; never steal</td></tr>
 *   <tr><td>cannot open</td><td>garbage at the path, no lock dir</td><td>skip with a log line</td></tr>
 * </table>
 * Then every unheld lockfile that no candidate accounts for is unlinked (a clean run leaves its
 * lockfile behind, unheld). Reaping under the probe lock is what makes a new run of the domain wait
 * for the reap to finish; two janitors at once arbitrate on the same lock and reap each orphan once.
 */
public final class Janitor {
    private static final System.Logger LOG = System.getLogger(Janitor.class.getName());

    private final JanitorConfig config;
    private final Optional<JanitorPorts> ports;
    private final EventLog events;
    private final LockProbe probe;
    private final Clock clock;

    public Janitor(JanitorConfig config, Optional<JanitorPorts> ports, EventLog events) {
        this(config, ports, events, new LockProbe(config.lockDirectory(), config.lockOwners()), Clock.systemUTC());
    }

    public Janitor(JanitorConfig config, Optional<JanitorPorts> ports, EventLog events, LockProbe probe, Clock clock) {
        this.config = config;
        this.ports = ports;
        this.events = events;
        this.probe = probe;
        this.clock = clock;
    }

    /** One sweep. Interruptible between candidates and inside a reap (an abort stops the sweep). */
    public JanitorReport sweep() throws InterruptedException {
        Sweep sweep = new Sweep();
        Set<String> candidates = discover();
        for (String domain : candidates) {
            interruptionPoint();
            handle(domain, sweep);
        }
        tidyLockFiles(candidates, sweep);
        return sweep.report(ports.isPresent());
    }

    private Set<String> discover() throws InterruptedException {
        if (ports.isEmpty()) {
            LOG.log(Level.WARNING, "janitor: no app discovery is configured (no JanitorPorts bound); "
                    + "orphaned apps cannot be found, only stale lockfiles in {0} are swept", config.lockDirectory().path());
            return Set.of();
        }
        RunAppCandidates matcher = new RunAppCandidates(config.domainSuffix());
        AppDiscovery discovery = ports.get().discovery();
        Set<String> candidates = new LinkedHashSet<>();
        // An interrupt is the run's abort (SIGTERM, deadline): it ends the sweep, never a source.
        try {
            candidates.addAll(matcher.fromAppNames(discovery.abraAppNames()));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "janitor: abra app listing failed ({0}); relying on the swarm object sweep", e.toString());
        }
        interruptionPoint();
        try {
            candidates.addAll(matcher.fromSwarmNames(discovery.swarmObjectNames()));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "janitor: swarm object listing failed ({0})", e.toString());
        }
        interruptionPoint();
        return candidates;
    }

    private static void interruptionPoint() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("janitor sweep interrupted");
        }
    }

    private void handle(String domain, Sweep sweep) throws InterruptedException {
        Outcome outcome = probe.probe(domain, clock.instant());
        if (outcome instanceof Orphan orphan) {
            reap(domain, orphan, sweep);
        } else if (outcome instanceof StaleInode) {
            LOG.log(Level.INFO, "janitor: {0} was reaped by another janitor while we probed; skipping", domain);
            sweep.staleSkipped.add(domain);
        } else if (outcome instanceof Held held) {
            leaveLive(domain, held, sweep);
        } else if (outcome instanceof Unopenable unopenable) {
            LOG.log(Level.WARNING, "!! janitor: cannot open lockfile {0} ({1}); skipping {2}",
                    unopenable.path(), unopenable.cause().getMessage(), domain);
            sweep.unopenable.add(domain);
        }
    }

    private void reap(String domain, Orphan orphan, Sweep sweep) throws InterruptedException {
        try (orphan) {
            LOG.log(Level.INFO, "janitor: {0} lock acquirable: orphan of a dead run, reaping", domain);
            // The lockfile's age is what another janitor reads while we hold it: make it the reap's,
            // not the dead run's, or that janitor flags a "possible leaked run".
            orphan.markReaping();
            try {
                ports.orElseThrow().reaper().reap(domain);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "!! janitor: reaping {0} failed ({1}); the next sweep tries again", domain, e.toString());
                sweep.reapFailed.add(domain);
                return;
            }
            try {
                orphan.unlinkAndRelease();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "janitor: reaped {0} but could not unlink its lockfile ({1})", domain, e.getMessage());
            }
            sweep.reaped.add(domain);
            events.emit("janitor.reap", Map.of("domain", domain));
        }
    }

    private void leaveLive(String domain, Held held, Sweep sweep) {
        Duration heldFor = held.heldFor().orElse(Duration.ZERO);
        boolean longHeld = heldFor.compareTo(config.longHeldAfter()) > 0;
        sweep.live.add(domain);
        if (longHeld) {
            sweep.longHeld.add(domain);
            LOG.log(Level.WARNING, "!! janitor: lock for {0} held for {1} min, over {2} min (twice the deadline): "
                    + "possible leaked run; inspect with lslocks; not stealing it", domain, Long.toString(heldFor.toMinutes()),
                    Long.toString(config.longHeldAfter().toMinutes()));
        } else {
            LOG.log(Level.INFO, "janitor: {0} lock held: a live run, leaving it", domain);
        }
        events.emit("janitor.live", Map.of("domain", domain, "heldSeconds", heldFor.toSeconds(), "longHeld", longHeld));
    }

    private void tidyLockFiles(Set<String> candidates, Sweep sweep) {
        List<Path> files;
        try {
            files = config.lockDirectory().lockFiles();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "janitor: cannot list {0} ({1}); no stale lockfiles swept",
                    config.lockDirectory().path(), e.toString());
            return;
        }
        Instant now = clock.instant();
        for (Path file : files) {
            Optional<String> domain = LockDirectory.domainOf(file);
            if (domain.isEmpty() || candidates.contains(domain.get())) {
                continue; // handled (or deliberately left) above
            }
            Optional<Outcome> outcome = probe.probeExisting(file, now);
            if (outcome.isPresent() && outcome.get() instanceof Orphan orphan) {
                try (orphan) {
                    orphan.unlinkAndRelease();
                    sweep.tidied.add(domain.get());
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "janitor: cannot unlink stale lockfile {0} ({1})", file, e.getMessage());
                }
            } else if (outcome.isPresent() && outcome.get() instanceof Unopenable unopenable) {
                LOG.log(Level.WARNING, "!! janitor: cannot open lockfile {0} ({1}); skipping", file,
                        unopenable.cause().getMessage());
            }
            // Held: a run that has its lock but no app yet. Stale inode or gone: nothing to do.
        }
    }

    /** Accumulates one sweep's results. */
    private static final class Sweep {
        final List<String> reaped = new ArrayList<>();
        final List<String> reapFailed = new ArrayList<>();
        final List<String> live = new ArrayList<>();
        final List<String> longHeld = new ArrayList<>();
        final List<String> staleSkipped = new ArrayList<>();
        final List<String> unopenable = new ArrayList<>();
        final List<String> tidied = new ArrayList<>();

        JanitorReport report(boolean discoveryConfigured) {
            return new JanitorReport(List.copyOf(reaped), List.copyOf(reapFailed), List.copyOf(live),
                    List.copyOf(longHeld), List.copyOf(staleSkipped), List.copyOf(unopenable), List.copyOf(tidied),
                    discoveryConfigured);
        }
    }
}
