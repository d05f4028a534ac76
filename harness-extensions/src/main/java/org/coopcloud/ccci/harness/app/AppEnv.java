package org.coopcloud.ccci.harness.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app's {@code .env} in {@code $ABRA_DIR/servers/default/<domain>.env} (docker env-file style,
 * no {@code export}). Reading keeps comments and order; {@link #set} replaces a key's line or adds one.
 */
public final class AppEnv {
    private final Path file;

    public AppEnv(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Map<String, String> read() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            parse(line).ifPresent(kv -> values.put(kv[0], kv[1]));
        }
        return values;
    }

    public Optional<String> get(String key) throws IOException {
        return Optional.ofNullable(read().get(key));
    }

    /** Sets KEY=value, replacing the key's line (a commented-out {@code #KEY=} line too) or appending one. */
    public void set(String key, String value) throws IOException {
        if (!key.matches("[A-Za-z_][A-Za-z0-9_]*") || value.contains("\n")) {
            throw new IllegalArgumentException("not an env-file entry: " + key);
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String entry = key + "=" + value;
        boolean replaced = false;
        for (int i = 0; i < lines.size() && !replaced; i++) {
            String bare = lines.get(i).strip().replaceFirst("^#\\s*", "");
            if (bare.startsWith(key + "=")) {
                lines.set(i, entry);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(entry);
        }
        Files.write(file, lines);
    }

    private static Optional<String[]> parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
            return Optional.empty();
        }
        int eq = trimmed.indexOf('=');
        String value = trimmed.substring(eq + 1);
        int comment = value.indexOf(" #");
        if (comment >= 0) {
            value = value.substring(0, comment);
        }
        value = value.strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            value = value.substring(1, value.length() - 1);
        }
        return Optional.of(new String[] {trimmed.substring(0, eq).strip(), value});
    }
}
