package org.coopcloud.ccci.harness.app;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The run's op state: what one rung leaves for the next (the backup id, the seeded value), in the
 * run-scoped file {@code CCCI_OP_STATE_FILE} so a child process (a recipe's own script) can read it
 * too. A JSON object of strings.
 */
public final class OpState {
    public static final String BACKUP_ID = "backup_id";
    public static final String SEEDED = "seeded";

    private final Path file;

    public OpState(Path file) {
        this.file = file;
    }

    public synchronized Optional<String> get(String key) throws IOException {
        return Optional.ofNullable(read().get(key)).map(String::valueOf);
    }

    public synchronized void put(String key, String value) throws IOException {
        Map<String, Object> state = read();
        state.put(key, value);
        Files.writeString(file, JSON.std.asString(state));
    }

    private Map<String, Object> read() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(JSON.std.mapFrom(Files.readString(file)));
    }
}
