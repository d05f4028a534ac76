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
        String entry = key + "=" + quoted(key, value);
        // The line read() takes (the key's last active line), else the first commented-out one.
        int active = -1;
        int commented = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith(key + "=")) {
                active = i;
            } else if (commented < 0 && line.replaceFirst("^#\\s*", "").startsWith(key + "=")) {
                commented = i;
            }
        }
        int at = active >= 0 ? active : commented;
        if (at >= 0) {
            lines.set(at, entry);
        } else {
            lines.add(entry);
        }
        Files.write(file, lines);
    }

    /**
     * The value as it must be written to read back the same: quoted when a reader would cut it (a
     * whitespace-then-{@code #} comment, edge whitespace, a leading quote). Single quotes, which abra's
     * godotenv takes literally; double quotes when the value holds a single quote and nothing they expand.
     * A value already in quotes is written as it is (a profile's {@code env} line may quote its value).
     */
    private static String quoted(String key, String value) {
        boolean alreadyQuoted = value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.indexOf(value.charAt(0), 1) == value.length() - 1;
        boolean plain = !value.matches("(?s).*\\s#.*") && value.equals(value.strip())
                && !value.startsWith("'") && !value.startsWith("\"");
        if (plain || alreadyQuoted) {
            return value;
        }
        if (!value.contains("'")) {
            return "'" + value + "'";
        }
        if (!value.contains("\"") && !value.contains("$") && !value.contains("\\")) {
            return "\"" + value + "\"";
        }
        throw new IllegalArgumentException("the value of " + key + " cannot be written to an env file: it needs"
                + " quotes, but holds a single quote and a double quote, $ or backslash");
    }

    private static Optional<String[]> parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
            return Optional.empty();
        }
        int eq = trimmed.indexOf('=');
        String value = trimmed.substring(eq + 1).strip();
        // A quoted value is what is between the quotes, " #" included (as abra's godotenv reads it).
        int close = value.isEmpty() || (value.charAt(0) != '"' && value.charAt(0) != '\'') ? -1
                : value.indexOf(value.charAt(0), 1);
        if (close > 0) {
            return Optional.of(new String[] {trimmed.substring(0, eq).strip(), value.substring(1, close)});
        }
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
