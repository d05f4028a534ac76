package org.coopcloud.ccci.dashboard.runs;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads events.jsonl: one JSON object a line, {@code ts} and {@code event} plus the event's fields. */
public final class EventsReader {
    /** A page shows at most this many events; a longer log is linked whole. */
    public static final int MAX_EVENTS = 2000;

    private EventsReader() {
    }

    public static List<RunEvent> read(String text) {
        List<RunEvent> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (events.size() == MAX_EVENTS) {
                events.add(RunEvent.unreadable("(more events: see events.jsonl)"));
                break;
            }
            events.add(parse(line));
        }
        return events;
    }

    static RunEvent parse(String line) {
        Map<String, Object> map;
        try {
            map = JSON.std.mapFrom(line);
        } catch (IOException | RuntimeException e) {
            return RunEvent.unreadable(line);
        }
        if (map == null || !(map.get("event") instanceof String name)) {
            return RunEvent.unreadable(line);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!k.equals("ts") && !k.equals("event")) {
                fields.put(k, String.valueOf(v));
            }
        });
        Optional<String> ts = map.get("ts") instanceof String s ? Optional.of(s) : Optional.empty();
        return new RunEvent(ts, name, fields, false);
    }
}
