package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
}
