package org.coopcloud.ccci.dashboard.runs;

import java.util.List;
import java.util.Optional;

/**
 * Why a run did not pass, as results.json's {@code cause} says it: one line, where (a service or
 * step), and the decisive lines of its log (at most ten).
 */
public record RunCause(String summary, Optional<String> where, List<String> lines) {
    public static final int MAX_LINES = 10;

    public RunCause {
        lines = List.copyOf(lines.subList(0, Math.min(MAX_LINES, lines.size())));
    }
}
