package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/ccci dashboard}'s flags: defaults that work on a fresh CI host, bad input named. */
class DashboardMainTest {
    @Test
    void theDefaultsServeTheHostsRunsOnPort8181() {
        DashboardMain.Options options = DashboardMain.parse(new String[0], Map.of());

        assertThat(options.port()).isEqualTo(8181);
        assertThat(options.bind()).isEqualTo("127.0.0.1");
        assertThat(options.runsDir()).contains(Path.of("/var/lib/cc-ci-runs"));
        assertThat(options.store()).isEqualTo(Path.of("/var/lib/cc-ci-dashboard"));
    }

    @Test
    void flagsAndEnvironmentOverrideTheDefaults() {
        DashboardMain.Options options = DashboardMain.parse(new String[] {"--port", "9000", "--runs-dir", "none",
                "--store", "/srv/store"}, Map.of("CCCI_RUNS_DIR", "/tmp/runs"));

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.runsDir()).isEqualTo(Optional.empty());
        assertThat(options.store()).isEqualTo(Path.of("/srv/store"));
        assertThat(DashboardMain.parse(new String[0], Map.of("CCCI_RUNS_DIR", "/tmp/runs")).runsDir()).contains(Path.of("/tmp/runs"));
    }

    @Test
    void badInputIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> DashboardMain.parse(new String[] {"--port", "http"}, Map.of()))
                .hasMessage("--port: 'http' is not a port number (0-65535)");
        assertThatThrownBy(() -> DashboardMain.parse(new String[] {"--port"}, Map.of())).hasMessage("--port needs a value");
        assertThatThrownBy(() -> DashboardMain.parse(new String[] {"--token", "x"}, Map.of()))
                .hasMessage("unknown option '--token'");
    }

    @Test
    void theDashboardProcessKeepsServingAndKeepsItsIndexInTheStore(@TempDir Path work) throws Exception {
        Path runs = work.resolve("runs");
        RunDirs.mainRun(runs, "1", "demo-web", Instant.parse("2026-11-29T10:00:00Z"), 3, "custom failed");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), DashboardMain.class.getName(), "--port", "0", "--runs-dir", runs.toString(),
                "--store", work.resolve("store").toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Pattern url = Pattern.compile("ccci dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
            String base = null;
            while (base == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                Matcher m = url.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            assertThat(base).as("the line naming the dashboard's address").isNotNull();
            // The server's threads are daemons: main must wait on the server, or the process ends here.
            Thread.sleep(1000);
            assertThat(process.isAlive()).as("the dashboard process still runs after starting").isTrue();
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "badge/demo-web.svg"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains(">level 3</text>");
            assertThat(work.resolve("store").resolve(DashboardMain.INDEX_FILE)).isRegularFile();
        } finally {
            process.destroy();
            process.waitFor();
        }
    }
}
