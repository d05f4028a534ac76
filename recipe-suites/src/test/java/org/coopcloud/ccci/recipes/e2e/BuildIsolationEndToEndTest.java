package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertNothingLeft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.harness.deploy.StackObjects;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds of this suite on one host (one docker daemon, one ~/.abra) must not reap each other's
 * live end-to-end apps, and the apps a crashed build left must still be reaped by a later one.
 */
class BuildIsolationEndToEndTest {
    private static final Map<String, String> INSTALL_ONLY = Map.of("STAGES", "install");

    @TempDir
    Path work;

    private final List<String> stacksToRemove = new ArrayList<>();

    @Test
    void twoBuildsRunningTheSameRunAtOnceLeaveEachOtherAlone() throws Exception {
        Path builds = work.resolve("builds");
        Harness one = new Harness(work.resolve("one"), E2eBuild.register(builds, Optional.empty()));
        Harness two = new Harness(work.resolve("two"), E2eBuild.register(builds, Optional.empty()));
        Process first = one.startRun("build-one", INSTALL_ONLY, "demo-web", "--pr", "31");
        one.awaitEvent("build-one", "deploy.start", Duration.ofMinutes(3)); // its app exists now
        Process second = two.startRun("build-two", INSTALL_ONLY, "demo-web", "--pr", "31");

        Harness.Finished a = one.finish("build-one", first, Duration.ofMinutes(5));
        Harness.Finished b = two.finish("build-two", second, Duration.ofMinutes(5));

        assertThat(a.count("janitor.reap") + b.count("janitor.reap")).as("nobody reaped anything").isZero();
        assertThat(a.status()).as(a.output()).isZero();
        assertThat(b.status()).as(b.output()).isZero();
        assertThat(one.build().suffix()).isNotEqualTo(two.build().suffix());
        assertThat(b.eventNames()).doesNotContain("lock.waiting");
        assertNothingLeft(a.stack());
        assertNothingLeft(b.stack());
    }

    @Test
    void theAppsOfACrashedBuildAreReapedByTheNextBuildAndALiveBuildsAreNot() throws Exception {
        Path builds = Files.createDirectories(work.resolve("builds"));
        // A crashed build: its registration lockfile and lock dir are there, nobody holds the lock.
        String dead = E2eBuild.freshSuffix();
        Files.createDirectories(builds.resolve(dead).resolve("locks"));
        Files.createFile(builds.resolve("cc-ci-app-" + dead + ".lock"));
        String deadStack = leaveAnApp(dead);
        E2eBuild live = E2eBuild.register(builds, Optional.empty());
        String liveStack = leaveAnApp(live.suffix());

        List<String> reaped = E2eBuild.reapDeadBuilds(builds);

        assertThat(reaped).containsExactly(dead);
        assertNothingLeft(deadStack);
        assertThat(builds.resolve(dead)).doesNotExist();
        assertThat(builds.resolve("cc-ci-app-" + dead + ".lock")).doesNotExist();
        assertThat(new StackObjects(DockerClient.fromEnvironment()).residue(liveStack).isClean())
                .as("the live build's app is left alone").isFalse();
    }

    /** What a killed run leaves without a service: a labelled volume and network, and abra's secret. */
    private String leaveAnApp(String suffix) throws Exception {
        String stack = RunNaming.stack(RunNaming.domain("demo-web", Optional.of(32), Optional.empty(), suffix));
        stacksToRemove.add(stack);
        String label = "com.docker.stack.namespace=" + stack;
        docker("volume", "create", "--label", label, stack + "_data");
        docker("network", "create", "--label", label, stack + "_default");
        docker("secret", "create", stack + "_password_v1", "-");
        return stack;
    }

    @AfterEach
    void removeLeftovers() throws Exception {
        for (String stack : stacksToRemove) {
            for (List<String> rm : List.of(List.of("volume", "rm", "-f", stack + "_data"),
                    List.of("network", "rm", stack + "_default"), List.of("secret", "rm", stack + "_password_v1"))) {
                List<String> command = new ArrayList<>(List.of("docker"));
                command.addAll(rm);
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor();
            }
        }
    }

    private static void docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write("leftover".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("docker %s: %s", List.of(args), output).isZero();
    }
}
