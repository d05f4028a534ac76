package org.coopcloud.ccci.harness.abra;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;
import org.coopcloud.ccci.harness.workspace.RunWorkspaceBuilder;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private abra world for one test that drives the real stand-in ({@code sandbox/abra}) on the
 * real swarm, and the one app the test makes in it. A JUnit extension, registered per test as
 * {@code @RegisterExtension final StandInWorkspace world = new StandInWorkspace()}: before each test
 * it fails (never skips) with the hint to bring the sandbox up, else makes a canonical abra home of
 * our own in a temp dir (its {@code servers/} is ours, so {@code app ls} sees only this test's apps
 * and other engineers' runs never see ours; its {@code catalogue/} links to the sandbox's real
 * catalogue) and a run workspace built from it by the harness's own {@link RunWorkspaceBuilder}, so
 * abra runs with the same {@code ABRA_DIR} layout a run gives it. After each test it removes the app
 * and all it can leave, never through the code under test, and the temp dir. The app's domain is
 * {@code abt-<6 hex>.adapter.test}: never a run-app domain of the default suffix, so a concurrently
 * running janitor leaves it alone.
 */
public final class StandInWorkspace implements BeforeEachCallback, AfterEachCallback {
    public static final Path ROOT = findRoot();
    public static final Path STAND_IN = ROOT.resolve("sandbox/abra");
    public static final String UP_HINT = "run `bin/ccci sandbox up` first";
    public static final String RECIPE = "demo-web";

    private final String domain = newDomain();
    private Path tmp;
    private Path abraHome;
    private RunWorkspace workspace;
    private ProcessRunner runner;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException, InterruptedException {
        requireSandboxUp();
        tmp = Files.createTempDirectory("ccci-abt-");
        abraHome = Files.createDirectories(tmp.resolve("abra-home"));
        Files.createSymbolicLink(abraHome.resolve("catalogue"), sandboxAbraHome().resolve("catalogue"));
        workspace = new RunWorkspaceBuilder(abraHome).build("abt-run", tmp.resolve("run"), ProcessHandle.current().pid());
        runner = new ProcessRunner().withEnvironment(workspace.childEnvironment());
    }

    /**
     * Best effort, never through the code under test: the stack and everything it can leave (volumes,
     * secrets, configs), the stand-in's backups of it, then the temp dir with the abra home.
     */
    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (tmp == null) {
            return; // the sandbox was not up: nothing was made
        }
        try {
            SwarmTestSupport.cleanUp(stack());
            deleteTree(sandboxDir().resolve("backups").resolve(stack()));
        } finally {
            deleteTree(tmp);
        }
    }

    /** The test's app: {@code abt-<6 hex>.adapter.test}, known from construction on. */
    public String domain() {
        return domain;
    }

    public String stack() {
        return stack(domain);
    }

    /** docker answering, the swarm active, the sandbox image and demo-web's catalogue entry present. */
    public static void requireSandboxUp() throws InterruptedException {
        SwarmTestSupport.CliResult info = SwarmTestSupport.run("docker", "info", "--format", "{{.Swarm.LocalNodeState}}");
        if (info.exitCode() != 0) {
            fail("docker is not answering (" + info.output().strip() + "): " + UP_HINT);
        }
        if (!info.output().strip().equals("active")) {
            fail("the swarm is not active (node state " + info.output().strip() + "): " + UP_HINT);
        }
        if (SwarmTestSupport.run("docker", "image", "inspect", SwarmTestSupport.IMAGE).exitCode() != 0) {
            fail("the sandbox image " + SwarmTestSupport.IMAGE + " is missing: " + UP_HINT);
        }
        Path catalogue = sandboxAbraHome().resolve("catalogue/recipes.json");
        try {
            if (!Files.readString(catalogue).contains("\"" + RECIPE + "\"")) {
                fail(catalogue + " has no " + RECIPE + ": " + UP_HINT);
            }
        } catch (IOException e) {
            fail("cannot read the sandbox catalogue " + catalogue + " (" + e + "): " + UP_HINT);
        }
    }

    public AbraCli abra() {
        return new AbraCli(STAND_IN.toString(), runner, Duration.ofMinutes(3));
    }

    /** The temp dir all of this workspace is under (the abra home, the run directory). */
    public Path directory() {
        return tmp;
    }

    public ProcessRunner runner() {
        return runner;
    }

    public RunWorkspace workspace() {
        return workspace;
    }

    /** The servers/default directory where app .env files live (through the workspace's link). */
    public Path serversDefault() {
        return workspace.abraDir().resolve("servers").resolve(AbraCli.SERVER);
    }

    public Path envFile(String domain) {
        return serversDefault().resolve(domain + ".env");
    }

    public Path recipeCheckout() {
        return workspace.recipeDir(RECIPE);
    }

    public Path abraHome() {
        return abraHome;
    }

    /** {@code abt-<6 hex>.adapter.test}. */
    public static String newDomain() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "abt-" + HexFormat.of().formatHex(bytes) + ".adapter.test";
    }

    public static String stack(String domain) {
        return RunNaming.stack(domain);
    }

    /** What docker still has of the stack: services, containers, networks, volumes, secrets, configs. */
    public static List<String> remains(String stack) throws InterruptedException {
        String label = "label=com.docker.stack.namespace=" + stack;
        return Stream.of(
                SwarmTestSupport.lines("docker", "service", "ls", "--format", "service {{.Name}}", "--filter", label),
                SwarmTestSupport.lines("docker", "ps", "-a", "--format", "container {{.Names}}", "--filter", label),
                SwarmTestSupport.lines("docker", "network", "ls", "--format", "network {{.Name}}", "--filter", label),
                SwarmTestSupport.lines("docker", "volume", "ls", "--format", "volume {{.Name}}", "--filter", label),
                SwarmTestSupport.lines("docker", "volume", "ls", "--format", "volume {{.Name}}", "--filter",
                        "name=" + stack + "_"),
                SwarmTestSupport.lines("docker", "secret", "ls", "--format", "secret {{.Name}}", "--filter",
                        "name=" + stack + "_"),
                SwarmTestSupport.lines("docker", "config", "ls", "--format", "config {{.Name}}", "--filter",
                        "name=" + stack + "_"))
                .flatMap(List::stream).filter(line -> line.contains(stack)).distinct().toList();
    }

    public static List<String> secretsOf(String stack) throws InterruptedException {
        return SwarmTestSupport.lines("docker", "secret", "ls", "--format", "{{.Name}}", "--filter", "name=" + stack + "_")
                .stream().filter(n -> n.startsWith(stack + "_")).toList();
    }

    /** Names of the running containers of one service of the stack. */
    public static List<String> runningContainers(String stack, String service) throws InterruptedException {
        return SwarmTestSupport.lines("docker", "ps", "-q", "--filter", "status=running", "--filter",
                "label=com.docker.swarm.service.name=" + stack + "_" + service);
    }

    static Path sandboxAbraHome() {
        String d = System.getenv("CCCI_ABRA_HOME");
        return d == null || d.isBlank() ? Path.of(System.getProperty("user.home"), ".abra") : Path.of(d);
    }

    static Path sandboxDir() {
        String d = System.getenv("CCCI_SANDBOX_DIR");
        return Path.of(d == null || d.isBlank() ? "/var/lib/cc-ci-sandbox" : d);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        for (Path q = Path.of(System.getProperty("user.dir")).toAbsolutePath(); q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("sandbox/abra")) && Files.isDirectory(q.resolve("harness-extensions"))) {
                return q;
            }
        }
        throw new IllegalStateException("cannot find the repository root (sandbox/abra) above " + System.getProperty("user.dir"));
    }
}
