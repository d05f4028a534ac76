package org.coopcloud.ccci.concurrency.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.concurrency.support.ConcurrencyFixture;
import org.coopcloud.ccci.concurrency.support.HelperProcesses;
import org.coopcloud.ccci.concurrency.support.HelperProcesses.Started;
import org.coopcloud.ccci.concurrency.support.LockState;
import org.coopcloud.ccci.concurrency.support.Markers;
import org.junit.jupiter.api.Test;

/**
 * The lifetime guards installed for real in helper JVMs that run the harness's extensions inside
 * a real JUnit launcher session (so the exit status comes from our session listener), then get
 * signalled, orphaned or run past their deadline.
 */
class LifetimeCasesTest extends ConcurrencyFixture {
    private static final Duration START = Duration.ofSeconds(20);

    @Test
    void parentKilledGuardedChildGetsSigtermAndTearsDown() throws Exception {
        // The child's setup callbacks run on a thread that exits right after: the death signal
        // must survive that (an engine worker may be the one that installs the guards).
        Started wrapper = helpers.spawn("wrapper", DOMAIN);
        long child = wrapper.markers().awaitNumber("WRAPPED", START);
        helpers.track(child);
        wrapper.markers().await("READY", START).orElseThrow(() -> new AssertionError(wrapper.markers().lines()));
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.HELD);

        HelperProcesses.signal(wrapper.pid(), "KILL"); // the child gets no courtesy signal from us

        assertThat(HelperProcesses.awaitGone(child, Duration.ofSeconds(10))).as("guarded child exits").isTrue();
        assertThat(wrapper.markers().lines()).contains("WORK_INTERRUPTED", "TEARDOWN_DONE")
                .anySatisfy(l -> assertThat(l).startsWith("EVENT signal").contains("SIGTERM"));
        assertThat(LockState.await(lockFile(), LockState.FREE, Duration.ofSeconds(5))).isEqualTo(LockState.FREE);
    }

    @Test
    void aChildOfTheProcessRunnerDiesWithAHarnessKilledBySigkill() throws Exception {
        // SIGKILL: no handler, no teardown, no runner left to end the child; only the kernel can.
        Started harness = helpers.spawn("runner-child");
        long child = harness.markers().awaitNumber("CHILD", START);
        helpers.track(child);

        HelperProcesses.signal(harness.pid(), "KILL");

        assertThat(HelperProcesses.awaitGone(child, Duration.ofSeconds(5)))
                .as("the child (standing in for abra app deploy) ends with the harness").isTrue();
    }

    @Test
    void prctlArmedOnAThreadThatExitsIsLostWhichIsWhyTheGuardKeepsItsOwnThread() throws Exception {
        // Measures the kernel trap the keeper thread exists for: armed on an exiting thread, the
        // death signal never comes. If this ever fails, the trap is gone, not the guard.
        Started wrapper = helpers.spawn("raw-pdeathsig-wrapper");
        long child = wrapper.markers().awaitNumber("WRAPPED", START);
        helpers.track(child);
        wrapper.markers().await("ARMED", START).orElseThrow(() -> new AssertionError(wrapper.markers().lines()));

        HelperProcesses.signal(wrapper.pid(), "KILL");
        wrapper.process().waitFor();
        Thread.sleep(1500);

        assertThat(wrapper.markers().find("GOT_SIGTERM")).isEmpty();
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void alreadyOrphanedRunRefusesToRun() throws Exception {
        // A shell starts the run, waits until the launcher session opened (the start parent is
        // recorded), and exits before the guards are armed: the run's parent is gone by then.
        Markers markers = new Markers(tmp.resolve("orphan.out"));
        Process shell = helpers.start(shell(markers, false,
                "& while ! grep -q '^STARTED' " + markers.file() + " 2>/dev/null; do sleep 0.05; done; exit 0"));
        helpers.track(markers.awaitNumber("PID", START));
        shell.waitFor(20, TimeUnit.SECONDS);

        String refused = markers.await("REFUSED", START).orElseThrow(() -> new AssertionError(markers.lines()));
        assertThat(refused).contains("refusing to run orphaned");
        assertThat(markers.lines()).doesNotContain("GUARDS_OK");
    }

    @Test
    void orphanedBeforeTheJvmStartedIsCaughtThroughTheExpectedParentFromTheLauncherScript() throws Exception {
        // bin/ccci exports the pid of its parent before exec'ing java; here the shell plays that
        // parent and is gone before the JVM even looks.
        Markers markers = new Markers(tmp.resolve("orphan-env.out"));
        Process shell = helpers.start(shell(markers, true, "& exit 0"));
        shell.waitFor(20, TimeUnit.SECONDS);
        helpers.track(markers.awaitNumber("PID", START));

        String refused = markers.await("REFUSED", START).orElseThrow(() -> new AssertionError(markers.lines()));
        assertThat(refused).contains("refusing to run orphaned");
    }

    @Test
    void asPid1OfAPidNamespaceTheRunIsNotAnOrphan() throws Exception {
        // A Drone docker runner starts the step as the container's PID 1: getppid() is 0 there, for
        // good. Both as bin/ccci does it (a shell exports $PPID, then execs java) and java alone.
        for (String prefix : List.of("export CCCI_EXPECTED_PPID=$PPID; exec", "exec")) {
            Markers markers = new Markers(tmp.resolve("pid1-" + prefix.length() + ".out"));
            ProcessBuilder shell = quoted(markers, prefix, HelperProcesses.command("guards-probe", DOMAIN));
            List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc"));
            if (!"root".equals(System.getProperty("user.name"))) {
                command.addAll(1, List.of("--user", "--map-root-user"));
            }
            command.addAll(shell.command());
            Process namespace = helpers.start(shell.command(command));

            assertThat(namespace.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(markers.lines()).as("%s", prefix).contains("PID 1", "PPID 0", "GUARDS_OK");
        }
    }

    @Test
    void sigtermInheritedAsIgnoredRefusesToRun() throws Exception {
        // Neither a Drone cancel nor the death signal could reach such a run: refuse it.
        Markers markers = new Markers(tmp.resolve("ignored.out"));
        Process run = helpers.start(quoted(markers, "trap '' TERM; exec", HelperProcesses.command("run", DOMAIN, "3600")));

        assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(markers.await("SETUP_FAILED", START)).isPresent().get().asString().contains("inherited as ignored");
        assertThat(markers.lines()).doesNotContain("READY").contains("TEARDOWN_DONE");
        assertThat(LockState.of(lockFile())).as("no lock was taken").isEqualTo(LockState.ABSENT);
    }

    @Test
    void jvmWithoutSignalHandlingRefusesToRun() throws Exception {
        List<String> java = new ArrayList<>(HelperProcesses.command("run", DOMAIN, "3600"));
        java.add(1, "-Xrs");
        Markers markers = new Markers(tmp.resolve("xrs.out"));
        Process run = helpers.start(quoted(markers, "exec", java));

        assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(markers.await("SETUP_FAILED", START)).isPresent().get().asString().contains("-Xrs");
        assertThat(markers.lines()).doesNotContain("READY");
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.ABSENT);
    }

    /** sh -c 'PREFIX java ...' with the helper's environment. */
    private ProcessBuilder quoted(Markers markers, String prefix, List<String> java) {
        StringBuilder line = new StringBuilder(prefix).append(' ');
        for (String arg : java) {
            line.append('\'').append(arg.replace("'", "'\\''")).append("' ");
        }
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", line.toString());
        builder.environment().putAll(Map.of("CCCI_HELPER_OUT", markers.file().toString(),
                "CCCI_APP_LOCK_DIR", lockDir.toString()));
        builder.redirectErrorStream(true).redirectOutput(tmp.resolve(markers.file().getFileName() + ".log").toFile());
        return builder;
    }

    /** sh -c '[export CCCI_EXPECTED_PPID=$$;] java ... orphan-probe DOMAIN TAIL'. */
    private ProcessBuilder shell(Markers markers, boolean exportParent, String tail) {
        List<String> java = new ArrayList<>(HelperProcesses.command("orphan-probe", DOMAIN));
        ProcessBuilder builder = quoted(markers, exportParent ? "export CCCI_EXPECTED_PPID=$$;" : "", java);
        List<String> command = new ArrayList<>(builder.command());
        command.set(2, command.get(2) + tail);
        return builder.command(command);
    }

    @Test
    void deadlineExits142WithTeardownAndLockReleased() throws Exception {
        Started run = helpers.spawn("run", DOMAIN, "5"); // counted from JVM start: room for a slow start on a busy machine
        run.markers().await("READY", START).orElseThrow(() -> new AssertionError(run.markers().lines()));

        assertThat(run.process().waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(run.process().exitValue()).isEqualTo(142);
        assertThat(run.markers().lines()).contains("WORK_INTERRUPTED", "TEARDOWN_DONE").doesNotContain("EXIT_NORMAL")
                .anySatisfy(l -> assertThat(l).startsWith("EVENT deadline").contains("action=abort"));
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.FREE);
    }

    @Test
    void sigtermExits143WithTeardownAndLockReleased() throws Exception {
        Started run = helpers.spawn("run", DOMAIN, "3600");
        run.markers().await("READY", START).orElseThrow(() -> new AssertionError(run.markers().lines()));
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.HELD);

        HelperProcesses.signal(run.pid(), "TERM");

        assertThat(run.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process().exitValue()).isEqualTo(143);
        assertThat(run.markers().lines()).contains("WORK_INTERRUPTED", "TEARDOWN_DONE").doesNotContain("EXIT_NORMAL");
        assertThat(LockState.of(lockFile())).isEqualTo(LockState.FREE);
    }

    @Test
    void sigtermDuringTheJanitorsDiscoveryEndsTheRunBeforeAnyReapOrLock() throws Exception {
        // The interrupt reaches the discovery's child process wait; the sweep must not swallow it
        // and go on to reap, lock and deploy.
        Started run = helpers.spawn("run", DOMAIN, "3600", "slow-discovery");
        run.markers().await("DISCOVERING", START).orElseThrow(() -> new AssertionError(run.markers().lines()));
        Thread.sleep(500);

        HelperProcesses.signal(run.pid(), "TERM");

        assertThat(run.process().waitFor(15, TimeUnit.SECONDS)).as("ended long before the 30 s listing").isTrue();
        assertThat(run.process().exitValue()).isEqualTo(143);
        assertThat(run.markers().lines()).noneMatch(l -> l.startsWith("REAPED")).doesNotContain("READY")
                .contains("TEARDOWN_DONE")
                .anySatisfy(l -> assertThat(l).startsWith("SETUP_FAILED").contains("Interrupted"));
        assertThat(LockState.of(lockFile())).as("the run never took its lock").isEqualTo(LockState.ABSENT);
    }

    @Test
    void sigintAndSighupFunnelIntoTeardownLikeSigterm() throws Exception {
        // Ctrl-C and a dropped ssh session on a manual run: same abort, teardown, lock released.
        for (Map.Entry<String, Integer> signal : Map.of("INT", 130, "HUP", 129).entrySet()) {
            Started run = helpers.spawn("run", DOMAIN, "3600");
            run.markers().await("READY", START).orElseThrow(() -> new AssertionError(run.markers().lines()));

            HelperProcesses.signal(run.pid(), signal.getKey());

            assertThat(run.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(run.process().exitValue()).as("SIG%s", signal.getKey()).isEqualTo(signal.getValue());
            assertThat(run.markers().lines()).contains("WORK_INTERRUPTED", "TEARDOWN_DONE").doesNotContain("EXIT_NORMAL")
                    .anySatisfy(l -> assertThat(l).startsWith("EVENT signal").contains("SIG" + signal.getKey()));
            assertThat(LockState.of(lockFile())).isEqualTo(LockState.FREE);
        }
    }

    @Test
    void sigtermAfterTheSessionClosedStillEndsWith143() throws Exception {
        // The launcher's own exit (0 here) would swallow it; the shutdown hook halts with 143.
        Started run = helpers.spawn("run", DOMAIN, "3600", "short-work", "linger");
        run.markers().await("SESSION_CLOSED", START).orElseThrow(() -> new AssertionError(run.markers().lines()));

        HelperProcesses.signal(run.pid(), "TERM");

        assertThat(run.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process().exitValue()).isEqualTo(143);
        assertThat(run.markers().lines()).contains("TEARDOWN_DONE", "EXIT_NORMAL").doesNotContain("WORK_INTERRUPTED");
    }

    @Test
    void secondSigtermDuringTeardownIsIgnoredAndTeardownFinishes() throws Exception {
        Started run = helpers.spawn("run", DOMAIN, "3600", "slow-teardown");
        run.markers().await("READY", START).orElseThrow(() -> new AssertionError(run.markers().lines()));

        HelperProcesses.signal(run.pid(), "TERM");
        run.markers().await("TEARDOWN_START", Duration.ofSeconds(5)).orElseThrow();
        HelperProcesses.signal(run.pid(), "TERM");

        assertThat(run.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process().exitValue()).isEqualTo(143);
        assertThat(run.markers().lines()).contains("TEARDOWN_DONE")
                .anySatisfy(l -> assertThat(l).startsWith("EVENT signal").contains("action=ignored"));
    }
}
