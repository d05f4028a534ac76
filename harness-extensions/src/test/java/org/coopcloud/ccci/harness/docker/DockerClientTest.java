package org.coopcloud.ccci.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the real daemon: one plain container ({@code docker run}) to exec into, and
 * secrets named after this class's unique prefix.
 */
class DockerClientTest {
    private static final String PREFIX = SwarmTestSupport.uniqueName();
    private static final String CONTAINER = PREFIX + "-exec";
    private static DockerClient docker;
    private static String containerId;

    @BeforeAll
    static void startContainer() throws InterruptedException {
        docker = SwarmTestSupport.daemon();
        SwarmTestSupport.CliResult run = SwarmTestSupport.run("docker", "run", "-d", "--name", CONTAINER,
                "--label", "ccci.test=" + PREFIX, SwarmTestSupport.IMAGE, "sleep", "600");
        if (run.exitCode() != 0) {
            fail("docker run failed: " + run.output());
        }
        containerId = run.output().strip();
    }

    @AfterAll
    static void removeEverything() throws InterruptedException {
        SwarmTestSupport.run("docker", "rm", "-f", CONTAINER);
        SwarmTestSupport.removeNamed(PREFIX, "secret");
    }

    @Test
    void speaksApiOneFortyOneNeverHigher() throws InterruptedException {
        assertThat(docker.apiVersion()).isEqualTo("1.41");
    }

    @Test
    void negotiatesOneFortyOneUnlessTheDaemonCannot() {
        assertThat(DockerClient.negotiate("1.12", "1.41")).isEqualTo("1.41");
        assertThat(DockerClient.negotiate("1.24", "1.51")).isEqualTo("1.41");
        assertThat(DockerClient.negotiate("1.12", "1.40")).isEqualTo("1.40");
        assertThat(DockerClient.negotiate("1.44", "1.52")).isEqualTo("1.44");
    }

    @Test
    void daemonAnswersLargerThanABufferComeChunkedAndParse() throws Exception {
        HttpResponse info = new UnixSocketTransport(docker.socket()).exchange("GET", "/v1.41/info", null, Duration.ofSeconds(10));

        assertThat(info.status()).isEqualTo(200);
        assertThat(info.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(info.body().length).isGreaterThan(2048);
        assertThat(Json.string(Json.parse(info.body()), "Swarm", "LocalNodeState")).isEqualTo("active");
    }

    @Test
    void listsContainersByLabel() throws InterruptedException {
        List<ContainerSummary> containers = docker.containers(Filters.label("ccci.test=" + PREFIX));

        assertThat(containers).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(containerId);
            assertThat(c.name()).isEqualTo(CONTAINER);
            assertThat(c.state()).isEqualTo("running");
        });
    }

    @Test
    void execSeparatesStdoutFromStderrAndReportsTheExitCode() throws InterruptedException {
        ExecResult result = docker.exec(containerId,
                List.of("sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2; exit 3"), Duration.ofSeconds(10));

        assertThat(result.stdout()).isEqualTo("out1\nout2\n");
        assertThat(result.stderr()).isEqualTo("err1\nerr2\n");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void execKeepsManyInterleavedFramesInOrder() throws InterruptedException {
        ExecResult result = docker.exec(containerId, List.of("sh", "-c",
                "i=0; while [ $i -lt 3000 ]; do echo o$i; echo e$i >&2; i=$((i+1)); done"), Duration.ofSeconds(30));

        List<String> out = result.stdout().lines().toList();
        List<String> err = result.stderr().lines().toList();
        assertThat(out).hasSize(3000).startsWith("o0", "o1").endsWith("o2999");
        assertThat(err).hasSize(3000).startsWith("e0", "e1").endsWith("e2999");
        for (int i = 0; i < 3000; i++) {
            assertThat(out.get(i)).isEqualTo("o" + i);
            assertThat(err.get(i)).isEqualTo("e" + i);
        }
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void execOfAMissingCommandFailsWithItsExitCodeNotAnException() throws InterruptedException {
        ExecResult result = docker.exec(containerId, List.of("sh", "-c", "no-such-command"), Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).contains("no-such-command");
    }

    @Test
    void execRunningOverItsTimeoutIsAnErrorSayingSo() {
        assertThatThrownBy(() -> docker.exec(containerId, List.of("sleep", "5"), Duration.ofMillis(500)))
                .isInstanceOf(DockerException.class)
                .hasMessageContaining("within 500 ms");
    }

    @Test
    void interruptEndsABlockedCallAtOnce() throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                docker.exec(containerId, List.of("sleep", "30"), Duration.ofSeconds(60));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        caller.start();
        Thread.sleep(500);
        long interruptedAt = System.nanoTime();
        caller.interrupt();

        Throwable thrown = outcome.get(5, TimeUnit.SECONDS);
        assertThat(thrown).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(1));
        caller.join(1000);
    }

    @Test
    void errorsCarryTheStatusAndTheDaemonsMessage() {
        assertThatThrownBy(() -> docker.exec(PREFIX + "-no-such-container", List.of("true"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(DockerException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.daemonMessage()).containsIgnoringCase("no such container");
                    assertThat(e.getMessage()).contains("HTTP 404").contains("/exec");
                });
    }

    @Test
    void removingWhatIsAlreadyGoneSaysSoWithoutFailing() throws InterruptedException {
        assertThat(docker.removeVolume(PREFIX + "-no-such-volume")).isFalse();
        assertThat(docker.removeSecret(PREFIX + "-no-such-secret")).isFalse();
        assertThat(docker.removeNetwork(PREFIX + "-no-such-network")).isFalse();
    }

    @Test
    void secretNameFilterMatchesByPrefixSoTheExactLookupFiltersAgain() throws InterruptedException {
        String name = PREFIX + "_pw_v1";
        String longer = PREFIX + "_pw_v10";
        String id = docker.createSecret(name, "s3cret-value".getBytes(StandardCharsets.UTF_8), Map.of("ccci.test", PREFIX));
        docker.createSecret(longer, "other".getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(docker.secrets(Filters.name(name))).extracting(DockerObject::name)
                .as("the daemon's own name filter is a prefix match")
                .containsExactlyInAnyOrder(name, longer);
        assertThat(docker.secret(name)).hasValueSatisfying(s -> {
            assertThat(s.id()).isEqualTo(id);
            assertThat(s.labels()).containsEntry("ccci.test", PREFIX);
        });
        assertThat(docker.secret(PREFIX + "_pw")).isEmpty();

        assertThat(docker.removeSecret(id)).isTrue();
        assertThat(docker.secret(name)).isEmpty();
        assertThat(docker.secret(longer)).isPresent();
    }

    @Test
    void aRefusedSecretNeverShowsItsValue() throws InterruptedException {
        String name = PREFIX + "_dup_v1";
        docker.createSecret(name, "first-value".getBytes(StandardCharsets.UTF_8), Map.of());

        assertThatThrownBy(() -> docker.createSecret(name, "top-secret-value".getBytes(StandardCharsets.UTF_8), Map.of()))
                .isInstanceOfSatisfying(DockerException.class, e -> {
                    assertThat(e.isConflict()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("top-secret-value").doesNotContain("dG9wLXNlY3JldC12YWx1ZQ");
                });
    }
}
