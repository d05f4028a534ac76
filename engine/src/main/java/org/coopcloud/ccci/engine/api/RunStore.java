package org.coopcloud.ccci.engine.api;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Typed per-run state shared between extensions, keyed by the value's type. */
public final class RunStore {
    private final ConcurrentMap<Class<?>, Object> values = new ConcurrentHashMap<>();

    public <T> void put(Class<T> type, T value) {
        values.put(type, type.cast(value));
    }

    public <T> Optional<T> get(Class<T> type) {
        return Optional.ofNullable(type.cast(values.get(type)));
    }

    /** The value of this type; fails with a message naming the type when nobody stored one. */
    public <T> T require(Class<T> type) {
        return get(type).orElseThrow(() -> new IllegalStateException(
                "no " + type.getSimpleName() + " in this run: the extension that provides it did not run"));
    }
}
