package org.coopcloud.ccci.concurrency.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.engine.api.AfterRunCallback;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.Extension;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.harness.janitor.AppDiscovery;
import org.coopcloud.ccci.harness.janitor.JanitorExtension;
import org.coopcloud.ccci.harness.janitor.JanitorPorts;
import org.coopcloud.ccci.harness.lifetime.LifetimeGuardsExtension;
import org.coopcloud.ccci.harness.lock.AppLock;
import org.coopcloud.ccci.harness.lock.AppLockExtension;
import org.coopcloud.ccci.harness.lock.AppLocker;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockWaitListener;
import org.coopcloud.ccci.harness.posix.LinuxConstants;
import org.coopcloud.ccci.harness.posix.Posix;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.testing.TestRunContext;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;
import org.coopcloud.ccci.harness.workspace.WorkspaceExtension;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The helper JVM of the concurrency suite: holds real locks and installs the real guards in a
 * process of its own, so tests can kill it for real. Progress goes to the marker file named by
 * {@value #MARKERS_ENV}; the lock dir comes from CCCI_APP_LOCK_DIR.
 *
 * <pre>
 * hold DOMAIN                 take the app lock, mark ACQUIRED &lt;millis&gt;, sleep
 * hold-with-child DOMAIN      same, plus a plain child process (CHILD &lt;pid&gt;) that must not inherit the lock
 * hold-and-poke DOMAIN        take the lock, drop our reference, open+close other fds on the lockfile,
 *                             System.gc(), mark POKED, sleep (the lock must survive all of it)
 * run DOMAIN DEADLINE OPTS    a run as the engine drives it, inside a real launcher session:
 *                             guards, workspace, app lock (setup), then work until aborted, then teardown.
 *                             OPTS: setup-on-worker (setup callbacks on a thread that then exits),
 *                             slow-teardown (teardown takes 2 s), short-work (the tiers end by
 *                             themselves after 300 ms), linger (2 s between session close and exit 0),
 *                             slow-discovery (a janitor sweep before the lock whose abra listing is a
 *                             30 s child, mark DISCOVERING; the swarm lists an orphan whose reap marks REAPED)
 * wrapper DOMAIN              start "run DOMAIN 3600 setup-on-worker" as my child, mark WRAPPED &lt;pid&gt;, sleep
 * raw-pdeathsig-wrapper       start "raw-pdeathsig" as my child, mark WRAPPED &lt;pid&gt;, sleep
 * raw-pdeathsig               prctl(PR_SET_PDEATHSIG, SIGTERM) on a thread that then exits; mark ARMED; sleep
 * orphan-probe DOMAIN         open a launcher session (records the start parent), wait until reparented,
 *                             then run the guards: mark REFUSED &lt;message&gt; (exit 1) or GUARDS_OK
 * guards-probe DOMAIN         open a launcher session, install the guards: mark GUARDS_OK or REFUSED &lt;message&gt;
 * runner-child               run "sleep 300" through the harness's ProcessRunner, mark CHILD &lt;pid&gt;
 * deploy-count-run DOMAIN RUNID GATE   workspace, one planned deploy recorded before the lock,
 *                             lock, wait for GATE to exist, mark COUNT &lt;n&gt; and remove own state files
 * </pre>
 */
public final class Helper {
    public static final String MARKERS_ENV = "CCCI_HELPER_OUT";

    private static Markers markers;

    private Helper() {
    }

    public static void main(String[] args) throws Exception {
        markers = new Markers(Path.of(System.getenv(MARKERS_ENV)));
        markers.mark("PID " + ProcessHandle.current().pid());
        String command = args[0];
        switch (command) {
            case "hold" -> hold(args[1], false);
            case "hold-with-child" -> hold(args[1], true);
            case "hold-and-poke" -> holdAndPoke(args[1]);
            case "run" -> run(args[1], Long.parseLong(args[2]), List.of(args).subList(3, args.length));
            case "wrapper" -> wrapper(List.of("run", args[1], "3600", "setup-on-worker"));
            case "raw-pdeathsig-wrapper" -> wrapper(List.of("raw-pdeathsig"));
            case "raw-pdeathsig" -> rawPdeathsig();
            case "orphan-probe" -> orphanProbe(args[1]);
            case "guards-probe" -> guardsProbe(args[1]);
            case "runner-child" -> runnerChild();
            case "deploy-count-run" -> deployCountRun(args[1], args[2], Path.of(args[3]));
            default -> throw new IllegalArgumentException("unknown helper command " + command);
        }
    }

    private static AppLocker locker() {
        return new AppLocker(new LockDirectory(Path.of(System.getenv("CCCI_APP_LOCK_DIR"))));
    }

    private static void hold(String domain, boolean withChild) throws Exception {
        locker().acquire(domain, (d, path) -> markers.mark("WAITING"));
        if (withChild) {
            Process child = new ProcessBuilder("sleep", "3600").start();
            markers.mark("CHILD " + child.pid());
        }
        markers.mark("ACQUIRED " + System.currentTimeMillis());
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void holdAndPoke(String domain) throws Exception {
        AppLock lock = locker().acquire(domain, LockWaitListener.NONE);
        Path path = lock.path();
        lock = null; // only the harness's own registry keeps it now
        markers.mark("ACQUIRED " + System.currentTimeMillis());
        // Everything that silently drops a java.nio (fcntl) lock: other fds of the file opened and
        // closed in this process, by java.nio and by libc, and garbage collection.
        Files.readAllBytes(path);
        try (var channel = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.WRITE)) {
            channel.size();
        }
        Posix posix = Posix.get();
        posix.close(posix.openLockFile(path));
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        markers.mark("POKED");
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * The run context of a helper: settings from the given parameters, then from the environment the
     * test gave this process (the lock dir); events go to the markers file, where the test awaits them.
     */
    private static TestRunContext helperRun(String runId, Path runDir, String domain, Map<String, String> parameters) {
        return TestRunContext.identifiedAs(runId, runDir, domain).withAll(parameters).readingProcessEnvironment()
                .passingEventsTo(markers::mark);
    }

    /** A run as the engine drives it: setup callbacks in order, work, teardown in reverse, always. */
    private static void run(String domain, long deadlineSeconds, List<String> options) throws Exception {
        Path runDir = Files.createDirectories(markers.file().resolveSibling("run-" + ProcessHandle.current().pid()));
        Map<String, String> parameters = new HashMap<>();
        parameters.put("ccci.deadline.seconds", Long.toString(deadlineSeconds));
        parameters.put("ccci.abra.home", runDir.resolve("canonical-abra").toString());
        TestRunContext run = helperRun("run-" + ProcessHandle.current().pid(), runDir, domain, parameters);
        List<Extension> extensions = new ArrayList<>(List.of(new LifetimeGuardsExtension(), new WorkspaceExtension(),
                new AppLockExtension()));
        if (options.contains("slow-discovery")) {
            run.store().put(JanitorPorts.class, slowDiscovery());
            extensions.add(2, new JanitorExtension());
        }
        List<Extension> started = Collections.synchronizedList(new ArrayList<>());
        // The launcher session brackets the run like the console launcher's does: our listener is
        // service-loaded from harness-extensions and ends the process with the abort status on close.
        try (LauncherSession session = LauncherFactory.openSession()) {
            boolean setupDone = options.contains("setup-on-worker") ? setupOnWorker(run, extensions, started)
                    : setup(run, extensions, started);
            if (setupDone) {
                markers.mark("READY");
                try (RunAbort.Scope work = RunAbort.interruptibleWork()) {
                    Thread.sleep(options.contains("short-work") ? 300 : Long.MAX_VALUE); // the tiers
                } catch (InterruptedException e) {
                    markers.mark("WORK_INTERRUPTED");
                }
            }
            markers.mark("TEARDOWN_START");
            if (options.contains("slow-teardown")) {
                sleepUninterruptibly(Duration.ofSeconds(2));
            }
            List<Extension> reverse = new ArrayList<>(started);
            Collections.reverse(reverse);
            for (Extension extension : reverse) {
                if (extension instanceof AfterRunCallback after) {
                    after.afterRun(run);
                }
            }
            markers.mark("TEARDOWN_DONE");
        }
        if (options.contains("linger")) {
            // What the console launcher does after the session closed (summary, then exit 0/1),
            // slowed down so a test can signal us in between.
            markers.mark("SESSION_CLOSED");
            sleepUninterruptibly(Duration.ofSeconds(2));
        }
        markers.mark("EXIT_NORMAL");
        System.exit(0);
    }

    /** Ports whose abra listing takes 30 s (a real child process) and whose swarm lists an orphan. */
    private static JanitorPorts slowDiscovery() {
        AppDiscovery discovery = new AppDiscovery() {
            @Override
            public List<String> abraAppNames() throws Exception {
                markers.mark("DISCOVERING");
                new ProcessRunner().run(Command.of("sleep", "30"));
                return List.of();
            }

            @Override
            public List<String> swarmObjectNames() {
                return List.of("orph-abc123_ci_test_app");
            }
        };
        return new JanitorPorts(discovery, domain -> markers.mark("REAPED " + domain));
    }

    private static boolean setup(TestRunContext run, List<Extension> extensions, List<Extension> started) {
        try (RunAbort.Scope work = RunAbort.interruptibleWork()) {
            for (Extension extension : extensions) {
                started.add(extension);
                ((BeforeRunCallback) extension).beforeRun(run);
            }
            return true;
        } catch (Exception e) {
            markers.mark("SETUP_FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }

    /** Setup on a thread that ends afterwards, as an engine worker that retires would. */
    private static boolean setupOnWorker(TestRunContext run, List<Extension> extensions, List<Extension> started)
            throws InterruptedException {
        boolean[] done = new boolean[1];
        Thread worker = new Thread(() -> done[0] = setup(run, extensions, started), "short-lived-worker");
        worker.start();
        worker.join();
        return done[0];
    }

    private static void wrapper(List<String> childArgs) throws Exception {
        Process child = new ProcessBuilder(HelperProcesses.command(childArgs.toArray(String[]::new)))
                .inheritIO().start();
        markers.mark("WRAPPED " + child.pid());
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A child as the harness starts abra or docker: through the ProcessRunner, waited for on this thread. */
    private static void runnerChild() throws Exception {
        Thread marker = new Thread(() -> {
            try {
                while (true) {
                    var sleeping = ProcessHandle.current().children()
                            .filter(c -> c.info().commandLine().orElse("").contains("sleep 300")).findFirst();
                    if (sleeping.isPresent()) {
                        markers.mark("CHILD " + sleeping.get().pid());
                        return;
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        marker.start();
        new ProcessRunner().run(Command.of("sleep", "300"));
    }

    private static void rawPdeathsig() throws Exception {
        Thread armer = new Thread(() -> {
            try {
                Posix.get().setParentDeathSignal(LinuxConstants.SIGTERM);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        armer.start();
        armer.join();
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> {
            markers.mark("GOT_SIGTERM");
            Runtime.getRuntime().halt(143);
        });
        markers.mark("ARMED");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void guardsProbe(String domain) throws Exception {
        try (LauncherSession session = LauncherFactory.openSession()) {
            markers.mark("PPID " + Posix.get().parentPid());
            installGuardsOrExit(domain);
        }
        System.exit(0);
    }

    /** The lifetime guards of a run: mark GUARDS_OK, or REFUSED with the message and exit 1. */
    private static void installGuardsOrExit(String domain) {
        TestRunContext run = helperRun("probe", markers.file().getParent(), domain, Map.of());
        try {
            new LifetimeGuardsExtension().beforeRun(run);
            markers.mark("GUARDS_OK");
        } catch (RuntimeException e) {
            markers.mark("REFUSED " + e.getMessage());
            System.exit(1);
        }
    }

    private static void orphanProbe(String domain) throws Exception {
        try (LauncherSession session = LauncherFactory.openSession()) {
            // The parent we started under: what bin/ccci exports, else the one we see now.
            long startParent = System.getenv("CCCI_EXPECTED_PPID") != null
                    ? Long.parseLong(System.getenv("CCCI_EXPECTED_PPID"))
                    : ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
            markers.mark("STARTED " + startParent);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == startParent) {
                if (System.nanoTime() > deadline) {
                    markers.mark("NEVER_REPARENTED");
                    System.exit(2);
                }
                Thread.sleep(20);
            }
            installGuardsOrExit(domain);
        }
        System.exit(0);
    }

    private static void deployCountRun(String domain, String runId, Path gate) throws Exception {
        Path runDir = markers.file().resolveSibling("runs").resolve(runId);
        TestRunContext run = helperRun(runId, runDir, domain,
                Map.of("ccci.abra.home", markers.file().resolveSibling("canonical-abra").toString()));
        new WorkspaceExtension().beforeRun(run);
        RunWorkspace workspace = run.store().require(RunWorkspace.class);
        workspace.deploys().expectDeploys(1);
        workspace.deploys().recordDeploy("install"); // the deploy path records before it locks
        markers.mark("PRELOCK " + workspace.stateFiles().deployCount());
        new AppLockExtension().beforeRun(run);
        markers.mark("ACQUIRED " + System.currentTimeMillis());
        while (!Files.exists(gate)) {
            Thread.sleep(20);
        }
        markers.mark("COUNT " + workspace.deploys().deploysSoFar());
        new WorkspaceExtension().afterRun(run); // verify + remove own state files
        markers.mark("REMOVED");
        System.exit(0);
    }

    private static void sleepUninterruptibly(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                // teardown is not interruptible
            }
        }
    }
}
