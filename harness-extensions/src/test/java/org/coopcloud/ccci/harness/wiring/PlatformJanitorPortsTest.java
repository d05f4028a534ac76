package org.coopcloud.ccci.harness.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.abra.StandInWorkspace;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.coopcloud.ccci.harness.janitor.Janitor;
import org.coopcloud.ccci.harness.janitor.JanitorConfig;
import org.coopcloud.ccci.harness.janitor.JanitorPorts;
import org.coopcloud.ccci.harness.janitor.JanitorReport;
import org.coopcloud.ccci.harness.janitor.RunAppCandidates;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlatformJanitorPorts} on the real platform: the stand-in abra with a private abra home (see
 * {@link StandInWorkspace}) and the real swarm. Apps are {@code abt-<6 hex>.adapter.test}, plain stacks
 * {@code dkt-<8 hex>}; the workspace and {@link #removePlainStack} remove them with the docker CLI whatever
 * happened.
 */
class PlatformJanitorPortsTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final StandInWorkspace world = new StandInWorkspace();
    private final String domain = world.domain();
    private final String stack = world.stack();
    private AbraCli abra;
    private PlatformJanitorPorts ports;
    private String plainStack;

    @BeforeEach
    void setUp() throws Exception {
        abra = world.abra();
        DockerClient docker = SwarmTestSupport.daemon();
        ports = new PlatformJanitorPorts(abra, docker, world.abraHome().resolve("servers").resolve(AbraCli.SERVER));
        plainStack = SwarmTestSupport.uniqueName();
    }

    @AfterEach
    void removePlainStack() throws Exception {
        if (plainStack != null) { // null: the sandbox was not up, nothing was made
            SwarmTestSupport.cleanUp(plainStack);
        }
    }

    @Test
    void discoveryListsSwarmServicesAndAbraApps() throws Exception {
        SwarmTestSupport.deployStack(plainStack, """
                version: "3.8"
                services:
                  web:
                    image: %s
                    command: ["sleep", "600"]
                    init: true
                """.formatted(SwarmTestSupport.IMAGE));
        abra.appNew(StandInWorkspace.RECIPE, Optional.of("1.0.0+1.0"), domain, false);

        assertThat(ports.swarmObjectNames()).contains(plainStack + "_web");
        assertThat(ports.abraAppNames()).containsExactly(domain); // the private home holds this app only
        JanitorPorts bound = ports.ports();
        assertThat(bound.discovery()).isSameAs(ports);
        assertThat(bound.reaper()).isSameAs(ports);
    }

    @Test
    void reapingADeployedAppWhoseEnvIsGoneLeavesNothing() throws Exception {
        deployAndAwait();
        Files.delete(world.envFile(domain)); // half gone: abra no longer knows the app, the stack still runs
        assertThat(StandInWorkspace.remains(stack)).isNotEmpty();

        ports.reap(domain);

        assertThat(StandInWorkspace.remains(stack)).isEmpty();
        assertThat(world.envFile(domain)).doesNotExist();
    }

    @Test
    void reapingAnUndeployedAppThatStillHasItsEnvVolumesAndSecretsLeavesNothing() throws Exception {
        deployAndAwait();
        abra.undeploy(domain); // half gone: the stack is down, its volumes, secret and .env remain
        assertThat(StandInWorkspace.secretsOf(stack)).isNotEmpty();
        assertThat(world.envFile(domain)).exists();

        ports.reap(domain);

        assertThat(StandInWorkspace.remains(stack)).isEmpty();
        assertThat(world.envFile(domain)).doesNotExist();
        assertThat(ports.abraAppNames()).doesNotContain(domain);
    }

    @Test
    void aLeftoverOfEveryKindWithoutAServiceIsFoundAndTheNextSweepReapsIt() throws Exception {
        // What a teardown that gave up leaves (a volume in use, a secret abra made before a failed
        // deploy, ...): no service, no .env, only the object itself, by name or by stack label.
        String label = "com.docker.stack.namespace=" + stack;
        String container = "left-" + stack.substring(4, 10); // found by its stack label alone
        Map<List<String>, List<String>> createThenRemove = new LinkedHashMap<>();
        createThenRemove.put(List.of("volume", "create", "--label", label, stack + "_data"),
                List.of("volume", "rm", stack + "_data"));
        createThenRemove.put(List.of("network", "create", "--label", label, stack + "_default"),
                List.of("network", "rm", stack + "_default"));
        createThenRemove.put(List.of("config", "create", stack + "_conf_v1", "-"), List.of("config", "rm", stack + "_conf_v1"));
        createThenRemove.put(List.of("secret", "create", stack + "_password_v1", "-"),
                List.of("secret", "rm", stack + "_password_v1"));
        createThenRemove.put(List.of("create", "--label", label, "--name", container, SwarmTestSupport.IMAGE, "true"),
                List.of("rm", container));
        RunAppCandidates matcher = new RunAppCandidates("adapter.test");
        for (Map.Entry<List<String>, List<String>> leftover : createThenRemove.entrySet()) {
            docker(leftover.getKey());
            try {
                assertThat(matcher.fromSwarmNames(ports.swarmObjectNames())).as("found by %s", leftover.getKey())
                        .contains(domain);
            } finally {
                docker(leftover.getValue());
            }
        }
        docker(List.of("volume", "create", "--label", label, stack + "_data"));
        docker(List.of("secret", "create", stack + "_password_v1", "-"));

        JanitorReport report = new Janitor(new JanitorConfig(new LockDirectory(Files.createDirectories(tmp.resolve("locks"))),
                "adapter.test", Duration.ofHours(2)), Optional.of(ports.ports()), (event, fields) -> { }).sweep();

        assertThat(report.reaped()).contains(domain);
        assertThat(StandInWorkspace.remains(stack)).isEmpty();
    }

    @Test
    void appsOfAnotherAbraServerAreNotOurs() throws Exception {
        abra.appNew(StandInWorkspace.RECIPE, Optional.of("1.0.0+1.0"), domain, false);
        Path otherServer = Files.createDirectories(world.abraHome().resolve("servers").resolve("elsewhere.example"));
        Files.copy(world.envFile(domain), otherServer.resolve(StandInWorkspace.newDomain() + ".env"));

        assertThat(abra.appList()).hasSize(2);
        assertThat(ports.abraAppNames()).containsExactly(domain);
    }

    /** The docker CLI; stdin is the content of a secret or config created from "-". */
    private static void docker(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write("leftover".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("docker %s: %s", args, output).isZero();
    }

    private void deployAndAwait() throws Exception {
        abra.appNew(StandInWorkspace.RECIPE, Optional.of("1.0.0+1.0"), domain, false);
        abra.deploy(domain, Optional.empty(), false);
        await("a running store of " + stack).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> StandInWorkspace.runningContainers(stack, "store"), l -> !l.isEmpty());
    }
}
