package org.coopcloud.ccci.harness.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.harness.process.ProcessResult;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real git fetching from a real HTTP listener on loopback that holds the request open: while git
 * waits, every process of the fetch has its command line read from /proc, as any local user could.
 */
class GitFetchTest {
    @TempDir
    Path dir;

    @Test
    void gitOlderThan231WhichIgnoresTheEnvironmentConfigIsRecognised() {
        assertThat(GitFetch.supportsEnvironmentConfig("git version 2.39.5")).isTrue();
        assertThat(GitFetch.supportsEnvironmentConfig("git version 2.31.0.windows.1")).isTrue();
        assertThat(GitFetch.supportsEnvironmentConfig("git version 3.0.0")).isTrue();
        assertThat(GitFetch.supportsEnvironmentConfig("git version 2.30.2")).isFalse();
        assertThat(GitFetch.supportsEnvironmentConfig("git version 1.9.9")).isFalse();
        assertThat(GitFetch.supportsEnvironmentConfig("not git")).isFalse();
    }

    @Test
    void theTokenReachesTheServerButNoCommandLine() throws Exception {
        String token = "tok-" + Long.toHexString(System.nanoTime()) + "-secret";
        Path checkout = Files.createDirectories(dir.resolve("recipe"));
        assertThat(new ProcessBuilder("git", "init", "--quiet", checkout.toString()).start().waitFor()).isZero();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch requestRead = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> headers = new ArrayList<>();
            CompletableFuture<Void> http = CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        headers.add(line);
                    }
                    requestRead.countDown();
                    release.await(30, TimeUnit.SECONDS); // git is now waiting for the answer
                    socket.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String source = "http://127.0.0.1:" + server.getLocalPort() + "/owner/recipe.git";
            CompletableFuture<ProcessResult> fetch = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ProcessRunner().run(GitFetch.of(checkout, source, "pr-head", Optional.of(token)));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            assertThat(requestRead.await(30, TimeUnit.SECONDS)).as("git reached the server").isTrue();
            List<ProcessHandle> gitProcesses = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().orElse("").contains("git")).toList();
            List<String> commandLines = new ArrayList<>();
            for (ProcessHandle process : gitProcesses) {
                byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
                commandLines.add(new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
            }
            release.countDown();
            http.get(30, TimeUnit.SECONDS);
            ProcessResult result = fetch.get(30, TimeUnit.SECONDS);

            assertThat(commandLines).as("git and its remote helper were running").hasSizeGreaterThanOrEqualTo(1)
                    .anySatisfy(l -> assertThat(l).contains("fetch"))
                    .allSatisfy(l -> assertThat(l).doesNotContain(token));
            assertThat(headers).as("the request git sent").contains("Authorization: token " + token);
            assertThat(result.exitCode()).isNotZero(); // the 404
        }
    }
}
