package org.coopcloud.ccci.harness.lifetime;

import java.time.Duration;
import org.coopcloud.ccci.engine.api.Settings;

/** The hard deadline of a harness process: {@code ccci.deadline.seconds} / {@code CCCI_DEADLINE_SECONDS}. */
public final class DeadlineSetting {
    public static final String PARAMETER = "ccci.deadline.seconds";
    public static final String ENV = "CCCI_DEADLINE_SECONDS";
    public static final Duration DEFAULT = Duration.ofSeconds(3600);

    private DeadlineSetting() {
    }

    public static Duration from(Settings settings) {
        return positiveSeconds(settings, PARAMETER, ENV).orElse(DEFAULT);
    }

    /** A setting that holds a positive number of seconds; a clear error naming it otherwise. */
    static java.util.Optional<Duration> positiveSeconds(Settings settings, String parameter, String env) {
        return settings.get(parameter, env).map(value -> {
            try {
                long seconds = Long.parseLong(value);
                if (seconds <= 0) {
                    throw new NumberFormatException();
                }
                return Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(parameter + " must be a positive number of seconds, got: " + value);
            }
        });
    }
}
