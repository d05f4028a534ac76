package org.coopcloud.ccci.engine.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One check a {@link CheckFactory} made: a display name (what every report shows), where it was
 * declared (a file and line, when it came from one) and what it does.
 */
public record DynamicCheck(String name, Optional<Path> file, int line, Body body) {
    public DynamicCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a check needs a name");
        }
    }

    public static DynamicCheck of(String name, Body body) {
        return new DynamicCheck(name, Optional.empty(), 0, body);
    }

    /** The same check, declared at this line (1-based) of this file. */
    public DynamicCheck at(Path declaredIn, int declaredAt) {
        return new DynamicCheck(name, Optional.of(declaredIn), declaredAt, body);
    }

    /** What the check does; throwing fails it ({@link RungUnverified} makes the rung unverified). */
    @FunctionalInterface
    public interface Body {
        void run() throws Throwable;
    }
}
