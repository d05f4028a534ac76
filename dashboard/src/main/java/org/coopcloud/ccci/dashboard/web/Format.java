package org.coopcloud.ccci.dashboard.web;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

/** How times, durations and versions read on the pages. */
final class Format {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String when(Instant instant) {
        if (instant.equals(Instant.EPOCH)) {
            return "unknown";
        }
        try {
            return WHEN.format(instant);
        } catch (DateTimeException e) {
            // A date no calendar field can hold (issue 18 item 8): shown as recorded, never a broken page.
            return instant.toString();
        }
    }

    /** Hours and minutes with the zone: "11:05 UTC". */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** A span of time in words for "elapsed" and "left": "4 min 0 s", "35 s". */
    static String span(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }

    static String clock(String isoTimestamp) {
        try {
            return CLOCK.format(Instant.parse(isoTimestamp));
        } catch (DateTimeException e) {
            return isoTimestamp;
        }
    }

    static String ago(Instant then, Instant now) {
        if (then.equals(Instant.EPOCH)) {
            return "";
        }
        Duration d = Duration.between(then, now);
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h ago";
        }
        return d.toDays() + " d ago";
    }

    static String duration(long millis) {
        if (millis < 60_000) {
            return String.format("%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return seconds / 60 + " min " + seconds % 60 + " s";
    }

    static String versions(Map<String, String> versions) {
        return versions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
