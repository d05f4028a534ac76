package org.coopcloud.ccci.engine.results;

import java.util.Locale;
import java.util.Optional;

/** Who started a run: a {@code !testme} comment (through the bridge), the nightly sweep, or a person. */
public enum RunTrigger {
    TESTME, SCHEDULED, MANUAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RunTrigger> fromId(String id) {
        for (RunTrigger trigger : values()) {
            if (trigger.id().equals(id)) {
                return Optional.of(trigger);
            }
        }
        return Optional.empty();
    }
}
