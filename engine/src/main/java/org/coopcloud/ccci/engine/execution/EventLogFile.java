package org.coopcloud.ccci.engine.execution;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.engine.api.EventLog;

/**
 * events.jsonl of one run, and a one-line echo of each event on the console (the Drone log).
 * Events emitted before the run directory exists are kept and written when it is opened.
 */
final class EventLogFile implements EventLog, AutoCloseable {
    static final String FILE_NAME = "events.jsonl";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final String runLabel;
    private final PrintStream console;
    private final List<String> pending = new ArrayList<>();
    private final PhaseClock phases = new PhaseClock();
    private BufferedWriter writer;
    private boolean closed;

    EventLogFile(String runLabel, PrintStream console) {
        this.runLabel = runLabel;
        this.console = console;
    }

    synchronized void open(Path runDirectory) throws IOException {
        writer = Files.newBufferedWriter(runDirectory.resolve(FILE_NAME), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        for (String line : pending) {
            writeLine(line);
        }
        pending.clear();
    }

    @Override
    public synchronized void emit(String event, Map<String, ?> fields) {
        Instant now = Instant.now();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("ts", now.toString());
        record.put("event", event);
        record.putAll(fields);
        StringBuilder echo = new StringBuilder("[cc-ci ").append(CLOCK.format(now)).append("] ")
                .append(runLabel).append(' ').append(event);
        fields.forEach((k, v) -> echo.append(' ').append(k).append('=').append(v));
        echo.append(phases.on(event, fields, now));
        console.println(echo);
        if (closed) {
            return;
        }
        String line;
        try {
            line = JSON.std.asString(record);
        } catch (IOException e) {
            line = "{\"event\":\"" + event + "\",\"error\":\"unserialisable fields\"}";
        }
        if (writer == null) {
            pending.add(line);
        } else {
            writeLine(line);
        }
    }

    private void writeLine(String line) {
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            console.println("[cc-ci] could not write " + FILE_NAME + ": " + e.getMessage());
        }
    }

    PhaseClock phases() {
        return phases;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                console.println("[cc-ci] could not close " + FILE_NAME + ": " + e.getMessage());
            }
        }
    }
}
