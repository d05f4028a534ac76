package org.coopcloud.ccci.harness.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Settings;
import org.junit.jupiter.api.Test;

class DeadlineSettingTest {
    private static Settings settings(Map<String, String> parameters) {
        return new Settings() {
            @Override
            public Optional<String> get(String parameter, String envVar) {
                return Optional.ofNullable(parameters.get(parameter));
            }

            @Override
            public Optional<String> env(String envVar) {
                return Optional.empty();
            }
        };
    }

    @Test
    void defaultsToAnHourAndReadsTheParameter() {
        assertThat(DeadlineSetting.from(settings(Map.of()))).isEqualTo(Duration.ofHours(1));
        assertThat(DeadlineSetting.from(settings(Map.of("ccci.deadline.seconds", "90")))).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> DeadlineSetting.from(settings(Map.of("ccci.deadline.seconds", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ccci.deadline.seconds");
        assertThatThrownBy(() -> DeadlineSetting.from(settings(Map.of("ccci.deadline.seconds", "soon"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
