package org.coopcloud.ccci.engine.execution;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.results.PhaseTiming;

/**
 * The run's phases, timed from its own events: {@code X.start} opens phase {@code X} (named with
 * its {@code purpose} or {@code stage} field, e.g. {@code deploy install}, {@code tier upgrade}),
 * {@code X.done} or {@code X.failed} with the same name closes it. {@code setup} runs from
 * {@code run.start} to {@code setup.done}. With an expected duration (from earlier runs), each
 * closed phase also says how much is left and when the run should finish, so a maintainer reading
 * the Drone log knows when to come back.
 */
final class PhaseClock {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Map<String, Instant> open = new HashMap<>();
    private final List<PhaseTiming> finished = new ArrayList<>();
    private Instant runStart;
    private Duration expected;

    /** The expected run duration: from now on, closed phases say what is left. */
    synchronized void expect(Duration expectedDuration) {
        this.expected = expectedDuration;
    }

    /** No estimate from here on: after a failure (or in teardown) the earlier runs' median says nothing. */
    synchronized void stopEstimating() {
        this.expected = null;
    }

    /** @return what to append to the event's console line: the phase's duration and the time left, or "" */
    synchronized String on(String event, Map<String, ?> fields, Instant at) {
        int dot = event.lastIndexOf('.');
        if (dot < 0) {
            return "";
        }
        String kind = event.substring(0, dot);
        String edge = event.substring(dot + 1);
        if (event.equals("run.start")) {
            runStart = at;
            open.put("setup", at);
            return "";
        }
        String name = kind.equals("setup") ? "setup" : kind + qualifier(fields);
        if (edge.equals("start")) {
            open.put(name, at);
            return "";
        }
        if (!edge.equals("done") && !edge.equals("failed")) {
            return "";
        }
        Instant began = open.remove(name);
        if (began == null) {
            return "";
        }
        Duration took = Duration.between(began, at);
        if (edge.equals("failed") || "fail".equals(String.valueOf(fields.get("status")))) {
            expected = null; // a failed run ends early: the passed runs' median would only mislead
        }
        finished.add(new PhaseTiming(name, took.toMillis()));
        return " (" + name + " took " + seconds(took) + ")" + left(at).orElse("");
    }

    synchronized List<PhaseTiming> finished() {
        return List.copyOf(finished);
    }

    /** {@code ; about 31s left, expected finish 13:45:10 UTC}, or an overrun notice. */
    private Optional<String> left(Instant now) {
        if (expected == null || runStart == null) {
            return Optional.empty();
        }
        Instant finish = runStart.plus(expected);
        Duration left = Duration.between(now, finish);
        return Optional.of(left.isNegative()
                ? "; " + seconds(left.negated()) + " over the expected " + seconds(expected)
                : "; about " + seconds(left) + " left, expected finish " + CLOCK.format(finish) + " UTC");
    }

    private static String qualifier(Map<String, ?> fields) {
        Object which = fields.containsKey("purpose") ? fields.get("purpose") : fields.get("stage");
        return which == null ? "" : " " + which;
    }

    static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
