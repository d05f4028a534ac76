package org.coopcloud.ccci.engine.api;

import java.util.Map;

/**
 * The run's structured event stream: one JSON object a line in {@code events.jsonl}, with
 * {@code ts} (ISO-8601 UTC), {@code event}, and the given fields. Never put secrets in fields.
 */
public interface EventLog {
    void emit(String event, Map<String, ?> fields);

    default void emit(String event) {
        emit(event, Map.of());
    }
}
