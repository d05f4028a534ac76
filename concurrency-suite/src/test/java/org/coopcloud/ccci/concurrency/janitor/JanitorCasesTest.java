package org.coopcloud.ccci.concurrency.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.coopcloud.ccci.concurrency.support.ConcurrencyFixture;
import org.coopcloud.ccci.concurrency.support.HelperProcesses;
import org.coopcloud.ccci.concurrency.support.HelperProcesses.Started;
import org.coopcloud.ccci.concurrency.support.LockState;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.harness.janitor.Janitor;
import org.coopcloud.ccci.harness.janitor.JanitorConfig;
import org.coopcloud.ccci.harness.janitor.JanitorPorts;
import org.coopcloud.ccci.harness.janitor.JanitorReport;
import org.junit.jupiter.api.Test;

/**
 * The janitor's decision table against real locks: live runs are helper JVMs holding the lock,
 * orphans are helpers that were SIGKILLed. Discovery and reaping are injected ({@link InjectedPorts}).
 */
class JanitorCasesTest extends ConcurrencyFixture {
    private static final Duration START = Duration.ofSeconds(15);

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final EventLog eventLog = (event, fields) -> events.add(event + " " + fields.get("domain")
            + (fields.containsKey("longHeld") ? " longHeld=" + fields.get("longHeld") : ""));

    private Janitor janitor(InjectedPorts ports) {
        return janitor(Optional.of(ports.ports()));
    }

    private Janitor janitor(Optional<JanitorPorts> ports) {
        return new Janitor(new JanitorConfig(locks, "ci.test", Duration.ofHours(2), owners), ports, eventLog);
    }

    /** A domain whose run held its lock and was SIGKILLed: lockfile present, nobody holds it. */
    private void makeOrphan() throws Exception {
        Started run = helpers.spawn("hold", DOMAIN);
        run.markers().awaitNumber("ACQUIRED", START);
        HelperProcesses.signal(run.pid(), "KILL");
        run.process().waitFor();
        assertThat(LockState.await(lockFile(), LockState.FREE, Duration.ofSeconds(5))).isEqualTo(LockState.FREE);
    }

    @Test
    void orphanIsReapedOnceAndItsLockfileUnlinked() throws Exception {
        makeOrphan();
        InjectedPorts ports = InjectedPorts.apps(DOMAIN);

        JanitorReport report = janitor(ports).sweep();

        assertThat(ports.reaps).containsExactly(DOMAIN);
        assertThat(report.reaped()).containsExactly(DOMAIN);
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.ABSENT);
        assertThat(events).containsExactly("janitor.reap " + DOMAIN);
    }

    @Test
    void aRunHoldingItsLockInAnotherInstallsLockDirSurvivesThisJanitor() throws Exception {
        // Another cc-ci install on the host keeps its locks elsewhere; its run is deploying DOMAIN.
        Path otherInstall = Files.createDirectories(tmp.resolve("other-install-locks"));
        Started run = helpers.spawn(Map.of("CCCI_APP_LOCK_DIR", otherInstall.toString()), "hold", DOMAIN);
        run.markers().awaitNumber("ACQUIRED", START);
        InjectedPorts ports = InjectedPorts.apps(DOMAIN);

        JanitorReport report = janitor(ports).sweep(); // this install's janitor: its own lock dir

        assertThat(ports.reaps).as("the other install's live app").isEmpty();
        assertThat(report.live()).containsExactly(DOMAIN);
        assertThat(report.reaped()).isEmpty();
        assertThat(LockState.of(new org.coopcloud.ccci.harness.lock.LockDirectory(otherInstall).lockFileOf(DOMAIN)))
                .isEqualTo(LockState.HELD);
        assertThat(lockFile()).as("no lockfile of its own made for it").doesNotExist();
    }

    @Test
    void aDeadRunOfAnotherInstallIsReapedUnderItsOwnLockThere() throws Exception {
        Path otherInstall = Files.createDirectories(tmp.resolve("other-install-locks"));
        Path otherLockFile = new org.coopcloud.ccci.harness.lock.LockDirectory(otherInstall).lockFileOf(DOMAIN);
        Started run = helpers.spawn(Map.of("CCCI_APP_LOCK_DIR", otherInstall.toString()), "hold", DOMAIN);
        run.markers().awaitNumber("ACQUIRED", START);
        HelperProcesses.signal(run.pid(), "KILL");
        run.process().waitFor();
        assertThat(LockState.await(otherLockFile, LockState.FREE, Duration.ofSeconds(5))).isEqualTo(LockState.FREE);
        InjectedPorts ports = InjectedPorts.apps(DOMAIN);

        JanitorReport report = janitor(ports).sweep();

        assertThat(report.reaped()).containsExactly(DOMAIN);
        assertThat(LockState.of(otherLockFile)).as("its lockfile where its run took it, unlinked").isEqualTo(LockState.ABSENT);
        assertThat(owners.lockDirectoryOf(DOMAIN)).as("the record goes with it").isEmpty();
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void liveRunIsNeverReaped() throws Exception {
        Started run = helpers.spawn("hold", DOMAIN);
        run.markers().awaitNumber("ACQUIRED", START);
        InjectedPorts ports = InjectedPorts.apps(DOMAIN);

        JanitorReport report = janitor(ports).sweep();

        assertThat(ports.reaps).isEmpty();
        assertThat(report.live()).containsExactly(DOMAIN);
        assertThat(report.longHeld()).isEmpty();
        assertThat(events).containsExactly("janitor.live " + DOMAIN + " longHeld=false");
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.HELD);
    }

    @Test
    void newRunBlocksUntilASlowReapEnds() throws Exception {
        makeOrphan();
        AtomicReference<Started> newRun = new AtomicReference<>();
        InjectedPorts ports = new InjectedPorts(List.of(DOMAIN), List.of(), Duration.ofSeconds(2), () -> {
            // A new run of the domain starts while the janitor is mid-reap, holding the probe lock.
            Started started = helpers.spawn("hold", DOMAIN);
            newRun.set(started);
            started.markers().await("WAITING", START).orElseThrow(
                    () -> new AssertionError("the new run never started waiting: " + started.markers().lines()));
        });

        janitor(ports).sweep();

        long acquiredAt = newRun.get().markers().awaitNumber("ACQUIRED", START);
        assertThat(acquiredAt).as("the new run acquired only after the reap ended").isGreaterThanOrEqualTo(ports.lastReapEndedAt);
        assertThat(LockState.of(lockFile())).as("the new run's lock is on the live path").isEqualTo(LockState.HELD);
    }

    @Test
    void twoJanitorsAtOnceReapEachOrphanOnce() throws Exception {
        makeOrphan();
        CyclicBarrier together = new CyclicBarrier(2);
        InjectedPorts ports = new InjectedPorts(List.of(DOMAIN), List.of(), Duration.ofSeconds(1), () -> { });
        List<JanitorReport> reports = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                try {
                    together.await();
                    reports.add(janitor(ports).sweep());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(15_000);
        }

        assertThat(reports).hasSize(2);
        assertThat(ports.reaps).containsExactly(DOMAIN);
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.ABSENT);
    }

    @Test
    void appWhoseLockfileVanishedInARebootIsReapedAtOnce() throws Exception {
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.ABSENT);
        InjectedPorts ports = InjectedPorts.apps(DOMAIN);

        long start = System.nanoTime();
        JanitorReport report = janitor(ports).sweep();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no age threshold").isLessThan(Duration.ofSeconds(2));
        assertThat(report.reaped()).containsExactly(DOMAIN);
        assertThat(ports.reaps).containsExactly(DOMAIN);
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.ABSENT);
    }

    @Test
    void lockHeldLongerThanTwiceTheDeadlineIsFlaggedNotStolen() throws Exception {
        Started run = helpers.spawn("hold", DOMAIN);
        run.markers().awaitNumber("ACQUIRED", START);
        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(Duration.ofMinutes(130))));
        InjectedPorts ports = InjectedPorts.apps(DOMAIN);

        JanitorReport report = janitor(ports).sweep();

        assertThat(report.longHeld()).containsExactly(DOMAIN);
        assertThat(ports.reaps).isEmpty();
        assertThat(events).containsExactly("janitor.live " + DOMAIN + " longHeld=true");
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.HELD);
        assertThat(run.process().isAlive()).isTrue();
    }

    @Test
    void anOrphanBeingReapedIsNotFlaggedAsLongHeldByASecondJanitor() throws Exception {
        // The dead run took its lock long ago; while janitor A reaps under the probe lock, janitor B
        // finds it held. The age B reads must be the reap's, not the dead run's.
        makeOrphan();
        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(Duration.ofHours(5))));
        AtomicReference<JanitorReport> second = new AtomicReference<>();
        InjectedPorts first = new InjectedPorts(List.of(DOMAIN), List.of(), Duration.ZERO, () -> {
            try {
                second.set(janitor(InjectedPorts.apps(DOMAIN)).sweep());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        JanitorReport report = janitor(first).sweep();

        assertThat(report.reaped()).containsExactly(DOMAIN);
        assertThat(second.get().live()).containsExactly(DOMAIN);
        assertThat(second.get().longHeld()).isEmpty();
        assertThat(events).contains("janitor.live " + DOMAIN + " longHeld=false")
                .doesNotContain("janitor.live " + DOMAIN + " longHeld=true");
    }

    @Test
    void warmAndCanonicalNamesAreNeverProbed() throws Exception {
        InjectedPorts ports = new InjectedPorts(
                List.of("warm-keycloak.ci.test", "keycloak.ci.test", "drone.ci.test", "demo-abc123.other.test"),
                List.of("warm-keycloak_ci_test_app", "keycloak_ci_test_app", "traefik_app"), Duration.ZERO, () -> { });

        JanitorReport report = janitor(ports).sweep();

        assertThat(ports.reaps).isEmpty();
        assertThat(report.live()).isEmpty();
        try (var files = Files.list(lockDir)) {
            assertThat(files).as("no lockfile is even created for them").isEmpty();
        }
    }

    @Test
    void swarmSweepFindsARunAppWhoseEnvIsGone() throws Exception {
        InjectedPorts ports = new InjectedPorts(List.of(), List.of("demo-abc123_ci_test_app", "demo-abc123_ci_test_db"),
                Duration.ZERO, () -> { });

        assertThat(janitor(ports).sweep().reaped()).containsExactly(DOMAIN);
        assertThat(ports.reaps).containsExactly(DOMAIN);
    }

    @Test
    void garbageLockfileAndMissingLockDirDegradeWithoutCrashing() throws Exception {
        Files.createDirectories(lockFile()); // a directory where the lockfile should be
        InjectedPorts ports = InjectedPorts.apps(DOMAIN);

        JanitorReport report = janitor(ports).sweep();

        assertThat(report.unopenable()).containsExactly(DOMAIN);
        assertThat(ports.reaps).isEmpty();

        Janitor elsewhere = new Janitor(new JanitorConfig(new org.coopcloud.ccci.harness.lock.LockDirectory(
                lockDir.resolve("gone")), "ci.test", Duration.ofHours(2)), Optional.of(ports.ports()), eventLog);
        JanitorReport missingDir = elsewhere.sweep();
        assertThat(missingDir.unopenable()).containsExactly(DOMAIN);
        assertThat(ports.reaps).isEmpty();
    }

    @Test
    void staleUnheldLockfilesWithoutAnAppAreRemovedAndHeldOnesKept() throws Exception {
        Path stale = locks.lockFileOf("gone-000001.ci.test");
        Files.createFile(stale);
        Started preDeploy = helpers.spawn("hold", "newr-000002.ci.test"); // holds its lock, no app yet
        preDeploy.markers().awaitNumber("ACQUIRED", START);

        JanitorReport report = janitor(Optional.empty()).sweep();

        assertThat(report.discoveryConfigured()).isFalse();
        assertThat(report.tidiedLockFiles()).containsExactly("gone-000001.ci.test");
        assertThat(stale).doesNotExist();
        assertThat(LockState.of(locks.lockFileOf("newr-000002.ci.test"))).isEqualTo(LockState.HELD);
    }

    @Test
    void reapFailureKeepsTheLockfileForTheNextSweep() throws Exception {
        makeOrphan();
        JanitorPorts failing = new JanitorPorts(InjectedPorts.apps(DOMAIN), domain -> {
            throw new IllegalStateException("docker unreachable");
        });

        JanitorReport report = janitor(Optional.of(failing)).sweep();

        assertThat(report.reapFailed()).containsExactly(DOMAIN);
        assertThat(report.reaped()).isEmpty();
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.FREE);
        assertThat(events).isEmpty();
    }
}
