package org.coopcloud.ccci.engine.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The rungs of the ladder, in the order a run climbs them. The level a rung proves is the level a
 * recipe reaches when that rung (and every rung of the same level) passes and everything below it
 * passed or was declared not applicable.
 */
public enum Stage {
    INSTALL(1),
    UPGRADE(2),
    BACKUP(3),
    RESTORE(3),
    CUSTOM(4);

    private final int level;

    Stage(int level) {
        this.level = level;
    }

    /** The ladder level this rung belongs to (L1 install ... L4 custom checks). */
    public int level() {
        return level;
    }

    /** The lower-case name used in configuration, unique ids and reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Stage> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
