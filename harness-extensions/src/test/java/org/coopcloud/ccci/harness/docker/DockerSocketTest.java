package org.coopcloud.ccci.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerSocketTest {

    @Test
    void defaultsToTheStandardSocket() {
        assertThat(DockerSocket.resolve(Map.of())).isEqualTo(Path.of("/var/run/docker.sock"));
        assertThat(DockerSocket.resolve(Map.of("DOCKER_HOST", ""))).isEqualTo(Path.of("/var/run/docker.sock"));
    }

    @Test
    void honoursAUnixDockerHost() {
        assertThat(DockerSocket.resolve(Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")))
                .isEqualTo(Path.of("/run/user/1000/docker.sock"));
    }

    @Test
    void refusesOtherTransportsWithAReason() {
        assertThatThrownBy(() -> DockerSocket.resolve(Map.of("DOCKER_HOST", "tcp://10.0.0.1:2375")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unix socket");
    }
}
