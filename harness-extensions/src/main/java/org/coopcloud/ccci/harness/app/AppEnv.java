package org.coopcloud.ccci.harness.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app's {@code .env} in {@code $ABRA_DIR/servers/default/<domain>.env}, read as abra reads it
 * ({@link DotEnv}: godotenv, with {@code $VAR} expansion). {@link #set} replaces a key's line or adds
 * one, keeping comments and order.
 */
public final class AppEnv {
    private final Path file;

    public AppEnv(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The values as abra reads them (godotenv, see {@link DotEnv}), with this process's environment. */
    public Map<String, String> read() throws IOException {
        return DotEnv.parse(Files.readString(file), System.getenv());
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
        // Unquoted values are expanded ($NAME, \$): a $ or a backslash needs single quotes, as does " #".
        boolean plain = !value.contains(" #") && value.equals(value.strip()) && !value.contains("$")
                && !value.contains("\\") && !value.startsWith("'") && !value.startsWith("\"");
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

    /** A secret the recipe declares with {@code # generate=false}: abra leaves it to the operator. */
    public record Secret(String name, String version) {
    }

    private static final java.util.regex.Pattern NOT_GENERATED =
            java.util.regex.Pattern.compile("^\\s*SECRET_([A-Z0-9_]+)_VERSION=[^#]*#.*\\bgenerate=false\\b.*$");

    /**
     * The secrets abra does not generate: {@code SECRET_<NAME>_VERSION=<v> # generate=false} lines (abra
     * reads these modifiers from the line's comment), with the version as abra reads the line.
     */
    public List<Secret> secretsAbraDoesNotGenerate() throws IOException {
        Map<String, String> values = read();
        List<Secret> secrets = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            java.util.regex.Matcher m = NOT_GENERATED.matcher(line);
            if (m.matches()) {
                String version = values.get("SECRET_" + m.group(1) + "_VERSION");
                if (version != null && !version.isBlank()) {
                    secrets.add(new Secret(m.group(1).toLowerCase(java.util.Locale.ROOT), version));
                }
            }
        }
        return secrets;
    }
}
