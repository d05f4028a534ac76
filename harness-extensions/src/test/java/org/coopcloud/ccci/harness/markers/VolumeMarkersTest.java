package org.coopcloud.ccci.harness.markers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Markers on the real daemon: volumes labelled as a stack's, used by a container of the sandbox's
 * shell-less image (no sh, no tar: the markers must not need either), one volume nothing mounts and
 * one that cannot take a file (a read-only tmpfs).
 */
class VolumeMarkersTest {
    private static final String STACK = SwarmTestSupport.uniqueName();
    private static final String DATA = STACK + "_data";
    private static final String CACHE = STACK + "_cache";
    private static final String UNUSED = STACK + "_unused";
    private static final String READ_ONLY = STACK + "_readonly";
    private static final String APP = STACK + "-app";
    private static final String SHELL_LESS = "ccci/python3-psycopg2:3.11";
    private static DockerClient docker;

    @BeforeAll
    static void volumesAndTheAppUsingThem() throws InterruptedException {
        docker = SwarmTestSupport.daemon();
        String label = DockerClient.STACK_LABEL + "=" + STACK;
        for (String volume : List.of(DATA, CACHE, UNUSED)) {
            expectSuccess("docker", "volume", "create", "--label", label, volume);
        }
        expectSuccess("docker", "volume", "create", "--label", label, "--driver", "local", "--opt", "type=tmpfs",
                "--opt", "device=tmpfs", "--opt", "o=ro", READ_ONLY);
        expectSuccess("docker", "run", "-d", "--name", APP, "--network", "none", "-v", DATA + ":/data", "-v", CACHE + ":/cache",
                "-v", READ_ONLY + ":/ro", SHELL_LESS, "-c", "import time; time.sleep(600)");
    }

    @AfterAll
    static void removeEverything() throws InterruptedException {
        SwarmTestSupport.run("docker", "rm", "-f", APP);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> docker.containers(
                Filters.label(DockerClient.THROWAWAY_LABEL).and("label", DockerClient.STACK_LABEL + "=" + STACK)).isEmpty());
        SwarmTestSupport.removeNamed(STACK, "volume");
    }

    @Test
    void aMarkerGoesInFromOutsideTheAppAndComesBackExactly() throws InterruptedException {
        VolumeMarkers markers = new VolumeMarkers(docker, STACK, Optional.empty());
        assertThat(markers.volumes()).containsExactly(CACHE, DATA, READ_ONLY, UNUSED);
        assertThat(markers.unsupported()).as("one node").isEmpty();

        Map<String, Optional<String>> written = markers.write(List.of(DATA, CACHE), "ccci-run-1 abc\n");

        assertThat(written).containsEntry(DATA, Optional.empty()).containsEntry(CACHE, Optional.empty());
        assertThat(markers.read(List.of(DATA, CACHE))).containsEntry(DATA, Optional.of("ccci-run-1 abc\n"))
                .containsEntry(CACHE, Optional.of("ccci-run-1 abc\n"));
        // The app sees it where its volume is mounted: a plain root-owned file, readable by anyone.
        SwarmTestSupport.CliResult seen = SwarmTestSupport.run("docker", "exec", APP, "python3", "-c",
                "import os; s = os.stat('/data/.cc-ci-marker'); print(open('/data/.cc-ci-marker').read(), oct(s.st_mode), s.st_uid)");
        assertThat(seen.output()).contains("ccci-run-1 abc", "0o100644 0");
        // Removed in the background: nothing waits on it, but it goes.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                docker.containers(Filters.label(DockerClient.THROWAWAY_LABEL).and("label", DockerClient.STACK_LABEL + "=" + STACK)))
                .as("throw-away containers left").isEmpty());
    }

    @Test
    void aMarkerRemovedOrAVolumeGoneReadsAsNoMarker() throws InterruptedException {
        VolumeMarkers markers = new VolumeMarkers(docker, STACK, Optional.empty());
        markers.write(List.of(CACHE), "to be removed");
        expectSuccess("docker", "run", "--rm", "--network", "none", "-v", CACHE + ":/c", SwarmTestSupport.IMAGE,
                "rm", "/c/.cc-ci-marker");

        assertThat(markers.read(List.of(CACHE, STACK + "_gone"))).containsEntry(CACHE, Optional.empty())
                .containsEntry(STACK + "_gone", Optional.empty());
    }

    @Test
    void aVolumeThatCannotTakeAFileOrHasNoImageSaysWhy() throws InterruptedException {
        Map<String, Optional<String>> written = new VolumeMarkers(docker, STACK, Optional.empty())
                .write(List.of(READ_ONLY, UNUSED), "x");

        assertThat(written.get(READ_ONLY)).hasValueSatisfying(why -> assertThat(why).startsWith("it cannot take a file:")
                .containsIgnoringCase("read-only"));
        assertThat(written.get(UNUSED)).hasValueSatisfying(why -> assertThat(why).contains("no container mounts it",
                VolumeMarkers.IMAGE_ENV));
    }

    @Test
    void theImageSettingServesAVolumeNoContainerMounts() throws InterruptedException {
        VolumeMarkers markers = new VolumeMarkers(docker, STACK, Optional.of(SwarmTestSupport.IMAGE));

        assertThat(markers.write(List.of(UNUSED), "by the configured image")).containsEntry(UNUSED, Optional.empty());
        assertThat(markers.read(List.of(UNUSED))).containsEntry(UNUSED, Optional.of("by the configured image"));
        assertThat(new VolumeMarkers(docker, STACK, Optional.of("ccci/no-such-image:0")).write(List.of(DATA), "x").get(DATA))
                .hasValueSatisfying(why -> assertThat(why).contains("no throw-away container of image ccci/no-such-image:0"));
    }

    private static void expectSuccess(String... command) throws InterruptedException {
        SwarmTestSupport.CliResult result = SwarmTestSupport.run(command);
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + ": " + result.output());
        }
    }
}
