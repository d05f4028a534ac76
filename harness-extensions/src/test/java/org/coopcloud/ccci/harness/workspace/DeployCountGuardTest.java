package org.coopcloud.ccci.harness.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCountGuardTest {
    @TempDir
    Path dir;

    @Test
    void plannedDeploysPassAndTheFirstUnplannedOneFails() throws Exception {
        Path file = Files.writeString(dir.resolve("count"), "0");
        DeployCountGuard guard = new DeployCountGuard(file);
        guard.expectDeploys(2);
        assertThat(guard.recordDeploy("install")).isEqualTo(1);
        assertThat(guard.recordDeploy("upgrade")).isEqualTo(2);
        assertThatThrownBy(() -> guard.recordDeploy("again")).isInstanceOf(UnplannedDeployException.class)
                .hasMessageContaining("not in the run's plan of 2");
        assertThat(file).hasContent("3");
    }

    @Test
    void deployWithoutAPlanFails() throws Exception {
        DeployCountGuard guard = new DeployCountGuard(Files.writeString(dir.resolve("count"), "0"));
        assertThatThrownBy(() -> guard.recordDeploy("install")).isInstanceOf(UnplannedDeployException.class)
                .hasMessageContaining("before the run declared");
    }

    @Test
    void verifyCatchesDeploysAChildRecordedInTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("count"), "0");
        DeployCountGuard guard = new DeployCountGuard(file);
        guard.expectDeploys(1);
        guard.recordDeploy("install");
        guard.verify();
        Files.writeString(file, "2"); // a hook redeployed behind the harness's back
        assertThatThrownBy(guard::verify).isInstanceOf(UnplannedDeployException.class);
    }
}
