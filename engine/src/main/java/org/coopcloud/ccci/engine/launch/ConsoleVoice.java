package org.coopcloud.ccci.engine.launch;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line style for a run's console (the Drone log): the harness's progress lines
 * ({@code == waiting for ... ==}) get the events' prefix, {@code [cc-ci 19:11:16Z] }, with the time
 * in UTC and its zone, so every line that says what happened when reads alike. Other lines (the
 * summary block, a stack trace) pass as they are.
 */
final class ConsoleVoice extends OutputStream {
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private final PrintStream out;
    private final Clock clock;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ConsoleVoice(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** A PrintStream over {@code out} that rewrites progress lines; autoflush on every line. */
    static PrintStream over(PrintStream out) {
        return new PrintStream(new ConsoleVoice(out, Clock.systemUTC()), true, StandardCharsets.UTF_8);
    }

    /** The line as the console shows it. */
    static String voiced(String text, java.time.Instant now) {
        if (text.startsWith("== ") && text.endsWith(" ==") && text.length() > 6) {
            return prefix(now) + text.substring(3, text.length() - 3);
        }
        return text;
    }

    static String prefix(java.time.Instant now) {
        return "[cc-ci " + CLOCK.format(now) + "] ";
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            out.println(voiced(line.toString(StandardCharsets.UTF_8), clock.instant()));
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        out.flush();
    }
}
