package org.coopcloud.ccci.harness.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.junit.jupiter.api.Test;

/** The ownership rule alone; the real-daemon side is in {@link StackTeardownTest}. */
class StackObjectsTest {
    private static final String STACK = "demo-abc123_ci_test";

    @Test
    void theStackLabelDecidesWhenPresent() {
        assertThat(StackObjects.belongs(STACK, "anything", Map.of(DockerClient.STACK_LABEL, STACK))).isTrue();
        assertThat(StackObjects.belongs(STACK, STACK + "_data", Map.of(DockerClient.STACK_LABEL, STACK + "_x"))).isFalse();
    }

    @Test
    void unlabelledObjectsBelongByTheNamePrefixWithItsUnderscore() {
        assertThat(StackObjects.belongs(STACK, STACK + "_db_password_v1", Map.of())).isTrue();
        assertThat(StackObjects.belongs(STACK, STACK, Map.of())).isFalse();
        assertThat(StackObjects.belongs(STACK, STACK + "2_data", Map.of())).isFalse();
        assertThat(StackObjects.belongs(STACK, "x" + STACK + "_data", Map.of())).isFalse();
    }
}
