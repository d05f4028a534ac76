package org.coopcloud.ccci.engine.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Why a run did not pass, short enough to read in ten seconds: one line that says what went wrong,
 * where (the failing service or step), and the decisive lines of its log. Every face of a failure
 * (the PR comment, the console summary, the commit status, the dashboard) heads with it; the whole
 * reason stays in the results for whoever wants the details.
 *
 * @param summary one line, at most {@link #MAX_SUMMARY} characters
 * @param where   the failing service (a crash loop's {@code store}) or step ({@code install}), when known
 * @param lines   the decisive log lines, at most {@link #MAX_LINES}: the last error-looking lines of
 *                the failing task, not the first lines of a dump
 */
public record FailureCause(String summary, Optional<String> where, List<String> lines) {
    public static final int MAX_SUMMARY = 200;
    public static final int MAX_LINES = 10;
    /** A decisive line longer than this is cut (a log line); a long reason is broken into clauses instead. */
    public static final int MAX_LINE = 300;
    /** Words that mark a log line as saying what went wrong. */
    private static final Pattern ERROR_LOOKING = Pattern.compile(
            "(?i)\\b(error|errors|fatal|panic|exception|fail|failed|failure|denied|refused|not set|cannot|can't|unable"
                    + "|missing|no such|not found|invalid|timed? ?out|killed|abort(ed)?|crash(ed)?|segfault|oom)\\b");
    /** How a log line is quoted in a reason ({@code    | text}). */
    private static final Pattern LOG_QUOTE = Pattern.compile("^\\s*\\| ?");

    public FailureCause {
        summary = oneLine(summary, MAX_SUMMARY);
        where = where.map(String::strip).filter(w -> !w.isEmpty());
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            String l = line.stripTrailing();
            if (!l.isBlank()) {
                kept.add(l.length() > MAX_LINE ? l.substring(0, MAX_LINE) + "…" : l);
            }
        }
        lines = List.copyOf(kept.size() > MAX_LINES ? kept.subList(kept.size() - MAX_LINES, kept.size()) : kept);
    }

    public static FailureCause of(String summary, String where, List<String> lines) {
        return new FailureCause(summary, Optional.ofNullable(where), lines);
    }

    /** The same cause, its summary prefixed (the operation it happened in: {@code install: ...}). */
    public FailureCause prefixed(String prefix) {
        return new FailureCause(prefix + summary, where, lines);
    }

    /**
     * A cause read from a free-text reason: its first line is the summary; the decisive lines are
     * the last error-looking lines of the quoted log ({@code | ...} lines) when there is one, else
     * of the other lines, else (nothing looks like an error) the last three log lines or the first
     * other lines.
     */
    public static FailureCause fromReason(String where, String reason) {
        String text = reason == null ? "" : reason.strip();
        String[] all = text.split("\\R");
        String summary = all.length == 0 || all[0].isBlank() ? "failed without a message" : all[0];
        List<String> log = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (int i = 1; i < all.length; i++) {
            if (LOG_QUOTE.matcher(all[i]).find()) {
                log.add(LOG_QUOTE.matcher(all[i]).replaceFirst(""));
            } else if (!all[i].isBlank()) {
                other.add(all[i].strip());
            }
        }
        List<String> lines;
        if (!log.isEmpty()) {
            lines = decisive(log, 3);
        } else {
            List<String> errors = other.stream().filter(FailureCause::looksLikeAnError).toList();
            lines = errors.isEmpty() ? other.subList(0, Math.min(other.size(), MAX_LINES)) : last(errors, 5);
        }
        if (summary.length() > MAX_SUMMARY && lines.isEmpty()) {
            // A long one-line reason: the summary keeps its start, the lines keep the whole of it,
            // broken between its clauses so that no line is cut (the decisive words come last).
            lines = clauses(summary, MAX_LINE);
        }
        return new FailureCause(summary, Optional.ofNullable(where), new ArrayList<>(new LinkedHashSet<>(lines)));
    }

    /**
     * A long line as lines of at most {@code max} characters, broken after its clauses' {@code ": "};
     * a clause longer than that alone is broken at a space.
     */
    static List<String> clauses(String line, int max) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String clause : line.split("(?<=: )")) {
            String rest = clause;
            while (current.length() + rest.length() > max) {
                if (current.length() > 0) {
                    out.add(current.toString().strip());
                    current.setLength(0);
                    continue;
                }
                int cut = rest.lastIndexOf(' ', max);
                cut = cut > max / 2 ? cut : max;
                out.add(rest.substring(0, cut).strip());
                rest = rest.substring(cut);
            }
            current.append(rest);
        }
        if (current.length() > 0) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** The last error-looking lines of a log, else its last {@code otherwise} lines. */
    public static List<String> decisive(List<String> log, int otherwise) {
        List<String> errors = log.stream().filter(FailureCause::looksLikeAnError).toList();
        return errors.isEmpty() ? last(log, otherwise) : last(errors, 5);
    }

    public static boolean looksLikeAnError(String line) {
        return ERROR_LOOKING.matcher(line).find();
    }

    /** The cause a failure carries in its chain ({@link CarriesCause}), if any. */
    public static Optional<FailureCause> carriedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CarriesCause carrier && carrier.failureCause().isPresent()) {
                return carrier.failureCause();
            }
        }
        return Optional.empty();
    }

    private static List<String> last(List<String> lines, int n) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static String oneLine(String text, int max) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        if (line.length() <= max) {
            return line;
        }
        int cut = line.lastIndexOf(' ', max - 1);
        return line.substring(0, cut > max / 2 ? cut : max - 1) + "…";
    }

    /** A failure that knows its own short cause (a crash loop knows its service and its log's last error). */
    public interface CarriesCause {
        Optional<FailureCause> failureCause();
    }
}
