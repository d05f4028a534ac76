package org.coopcloud.ccci.harness.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coopcloud.ccci.harness.deploy.StackObjects.Item;
import org.coopcloud.ccci.harness.deploy.StackObjects.Kind;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Teardown and the residual check on real stacks with a volume, a secret and a config. */
class StackTeardownTest {
    @RegisterExtension
    static final TestStacks STACKS = new TestStacks();
    private final DockerClient docker = STACKS.docker();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private StackTeardown teardown;

    private StackTeardown teardown() {
        if (teardown == null) {
            teardown = new StackTeardown(docker, line -> {
                System.out.println(line);
                progress.add(line);
            });
        }
        return teardown;
    }

    /** Like an abra app: a named volume, an external secret abra made (unlabelled), a stack config. */
    private String deployAppWithStorage() throws InterruptedException {
        String stack = STACKS.newName();
        docker.createSecret(stack + "_pw_v1", "not-a-real-password".getBytes(StandardCharsets.UTF_8), Map.of());
        Instant began = SwarmTestSupport.deployStack(stack, """
                version: "3.8"
                services:
                  app:
                    image: %s
                    command: ["sh", "-c", "cat /run/secrets/pw > /dev/null && echo data > /data/x && exec httpd -f -p 8080 -h /data"]
                    init: true
                    volumes: [data:/data]
                    secrets: [pw]
                    configs: [{source: conf, target: /etc/app.conf}]
                    deploy: {endpoint_mode: dnsrr}
                volumes:
                  data:
                secrets:
                  pw:
                    external: true
                    name: %s_pw_v1
                configs:
                  conf:
                    file: ./app.conf
                """.formatted(SwarmTestSupport.IMAGE, stack), Map.of("app.conf", "setting=1\n"));
        Convergence convergence = new ConvergenceWait(docker, System.out::println).await(stack, Duration.ofSeconds(60), began);
        assertThat(convergence.converged()).as(convergence.describe()).isTrue();
        return stack;
    }

    @Test
    void residualCheckSeesEveryKindOfObjectOfALiveStack() throws InterruptedException {
        String stack = deployAppWithStorage();

        StackResidue residue = teardown().residue(stack);

        assertThat(residue.isClean()).isFalse();
        assertThat(residue.items()).extracting(Item::kind).containsOnly(Kind.values());
        assertThat(residue.of(Kind.VOLUME)).extracting(Item::name).containsExactly(stack + "_data");
        assertThat(residue.of(Kind.SECRET)).extracting(Item::name).containsExactly(stack + "_pw_v1");
        assertThat(residue.of(Kind.CONFIG)).extracting(Item::name).containsExactly(stack + "_conf");
        assertThat(residue.of(Kind.NETWORK)).extracting(Item::name).containsExactly(stack + "_default");
        assertThat(residue.of(Kind.SERVICE)).extracting(Item::name).containsExactly(stack + "_app");
    }

    @Test
    void teardownAfterStackRmLeavesNothing() throws InterruptedException {
        String stack = deployAppWithStorage();
        SwarmTestSupport.removeStack(stack); // what abra app undeploy does

        long start = System.nanoTime();
        StackResidue residue = teardown().tearDown(stack, Duration.ofSeconds(60));

        assertThat(residue.isClean()).as(residue.describe()).isTrue();
        assertThat(residue.describe()).isEqualTo("stack " + stack + " left nothing");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertNothingNamedAfter(stack);
    }

    @Test
    void teardownRemovesTheServicesItselfWhenTheUndeployDidNot() throws InterruptedException {
        String stack = deployAppWithStorage();

        StackResidue residue = teardown().tearDown(stack, Duration.ofSeconds(60));

        assertThat(residue.isClean()).as(residue.describe()).isTrue();
        assertThat(progress).anyMatch(l -> l.contains("removing service " + stack + "_app"));
        assertNothingNamedAfter(stack);
    }

    @Test
    void aThrowAwayContainerAKilledRunLeftIsRemovedSoTheVolumesGo() throws InterruptedException {
        String stack = deployAppWithStorage();
        // What the volume markers make for a moment: never started, holding the stack's volume.
        String left = docker.createIdleContainer(SwarmTestSupport.IMAGE, Map.of(stack + "_data", "/m"),
                Map.of(DockerClient.THROWAWAY_LABEL, "volume-markers", DockerClient.STACK_LABEL, stack));
        SwarmTestSupport.removeStack(stack);

        StackResidue residue = teardown().tearDown(stack, Duration.ofSeconds(60));

        assertThat(residue.isClean()).as(residue.describe()).isTrue();
        assertThat(progress).anyMatch(l -> l.contains("removing throw-away container"));
        assertThat(docker.containers(org.coopcloud.ccci.harness.docker.Filters.none().and("id", left))).isEmpty();
        assertNothingNamedAfter(stack);
    }

    @Test
    void volumeInUseIsRetriedUntilTheLastContainerHasGone() throws InterruptedException {
        String stack = deployAppWithStorage();
        SwarmTestSupport.removeStack(stack);

        // Straight after stack rm the task container still exists for some seconds.
        List<?> left = teardown().removeVolumes(stack, Duration.ofSeconds(30));

        assertThat(left).isEmpty();
        assertThat(docker.volumes(org.coopcloud.ccci.harness.docker.Filters.name(stack + "_data"))).isEmpty();
    }

    @Test
    void residualCheckFindsPlantedResidueAndOnlyTheStacksOwn() throws InterruptedException {
        String stack = STACKS.newName();
        String otherStack = stack + "x";
        SwarmTestSupport.run("docker", "volume", "create", "--label", DockerClient.STACK_LABEL + "=" + stack, stack + "_leftover");
        SwarmTestSupport.run("docker", "volume", "create", stack + "_unlabelled");
        SwarmTestSupport.run("docker", "volume", "create", "--label", DockerClient.STACK_LABEL + "=" + otherStack, stack + "_foreign");
        docker.createSecret(stack + "_orphan_v1", "x".getBytes(StandardCharsets.UTF_8), Map.of());
        docker.createSecret(otherStack + "_theirs_v1", "x".getBytes(StandardCharsets.UTF_8), Map.of());
        try {
            StackResidue residue = teardown().residue(stack);

            assertThat(residue.items()).extracting(Item::kind, Item::name).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(Kind.VOLUME, stack + "_leftover"),
                    org.assertj.core.groups.Tuple.tuple(Kind.VOLUME, stack + "_unlabelled"),
                    org.assertj.core.groups.Tuple.tuple(Kind.SECRET, stack + "_orphan_v1"));
            assertThat(residue.describe()).isEqualTo("stack " + stack + " left 2 volumes (" + stack + "_leftover, "
                    + stack + "_unlabelled), 1 secret (" + stack + "_orphan_v1)");

            assertThat(teardown().tearDown(stack, Duration.ofSeconds(10)).isClean()).isTrue();
            assertThat(docker.volumes(org.coopcloud.ccci.harness.docker.Filters.name(stack + "_foreign")))
                    .as("labelled for another stack: not ours to remove").hasSize(1);
            assertThat(docker.secret(otherStack + "_theirs_v1")).isPresent();
        } finally {
            SwarmTestSupport.removeNamed(stack, "volume");
            SwarmTestSupport.removeNamed(stack, "secret");
        }
    }

    private static void assertNothingNamedAfter(String stack) throws InterruptedException {
        for (String kind : List.of("service", "network", "volume", "secret", "config")) {
            assertThat(SwarmTestSupport.lines("docker", kind, "ls", "--format", "{{.Name}}", "--filter", "name=" + stack))
                    .as(kind + "s of " + stack).isEmpty();
        }
        assertThat(SwarmTestSupport.lines("docker", "ps", "-a", "--format", "{{.Names}}", "--filter", "name=" + stack))
                .as("containers of " + stack).isEmpty();
    }
}
