package org.coopcloud.ccci.dashboard.runs;

import java.util.Map;
import java.util.Optional;

/**
 * One line of events.jsonl. A line that is not a JSON object (a run killed mid-write) is kept as
 * {@code unreadable} with its text, so the timeline shows it rather than hiding or failing.
 */
public record RunEvent(Optional<String> timestamp, String name, Map<String, String> fields, boolean unreadable) {
    public RunEvent {
        fields = Map.copyOf(fields);
    }

    public static RunEvent unreadable(String line) {
        return new RunEvent(Optional.empty(), "unreadable line", Map.of("text", line), true);
    }
}
