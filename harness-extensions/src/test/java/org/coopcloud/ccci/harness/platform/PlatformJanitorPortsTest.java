package org.coopcloud.ccci.harness.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.abra.StandInWorkspace;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.coopcloud.ccci.harness.janitor.JanitorPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlatformJanitorPorts} on the real platform: the stand-in abra with a private abra home (see
 * {@link StandInWorkspace}) and the real swarm. Apps are {@code abt-<6 hex>.adapter.test}, plain stacks
 * {@code dkt-<8 hex>}; {@link #cleanUp} removes both with the docker CLI whatever happened.
 */
class PlatformJanitorPortsTest {
    @TempDir
    Path tmp;

    private StandInWorkspace world;
    private AbraCli abra;
    private PlatformJanitorPorts ports;
    private String domain;
    private String stack;
    private String plainStack;

    @BeforeEach
    void setUp() throws Exception {
        world = StandInWorkspace.create(tmp);
        abra = world.abra();
        DockerClient docker = SwarmTestSupport.daemon();
        ports = new PlatformJanitorPorts(abra, docker, world.abraHome().resolve("servers").resolve(AbraCli.SERVER));
        domain = StandInWorkspace.newDomain();
        stack = StandInWorkspace.stack(domain);
        plainStack = SwarmTestSupport.uniqueName();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (world != null) {
            world.cleanUp(domain);
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

        assertThat(ports.swarmServiceNames()).contains(plainStack + "_web");
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

    private void deployAndAwait() throws Exception {
        abra.appNew(StandInWorkspace.RECIPE, Optional.of("1.0.0+1.0"), domain, false);
        abra.deploy(domain, Optional.empty(), false);
        await("a running store of " + stack).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> StandInWorkspace.runningContainers(stack, "store"), l -> !l.isEmpty());
    }
}
