package org.coopcloud.ccci.harness.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An env file read as abra reads it: godotenv (github.com/joho/godotenv v1.5, abra's dependency).
 * The sandbox's abra stand-in reads it the same way ({@code sandbox/abra.d/dotenv.jq}); both are
 * tested on the same cases ({@code harness-extensions/src/test/resources/dotenv-cases.json}).
 *
 * <p>Per line: blank lines and {@code #} lines are skipped and a leading {@code export } dropped; the
 * key is what comes before the first {@code =}. A single-quoted value is literal; a double-quoted one
 * turns {@code \n}/{@code \r} into newline/CR, drops a backslash before any other character but
 * {@code $}, then expands variables; an unquoted value is cut at the first {@code " #"} (an inline
 * comment), right-trimmed, then expanded. Expansion: {@code $NAME} and {@code ${NAME}} (NAME in
 * {@code [A-Z0-9_]}) take an EARLIER line's value, else the environment's, else empty; {@code \$} is a
 * literal {@code $}. So published recipes chain {@code COMPOSE_FILE="$COMPOSE_FILE:compose.x.yml"}.
 */
public final class DotEnv {
    private static final Pattern VARIABLE = Pattern.compile("(\\\\)?(\\$)(\\()?(\\{)?([A-Z0-9_]+)?(\\})?");
    private static final Pattern ESCAPE = Pattern.compile("\\\\(.)");
    private static final Pattern UNESCAPE = Pattern.compile("\\\\([^$])");

    private DotEnv() {
    }

    /**
     * The file's values in file order (a later line of the same key wins).
     *
     * @throws IllegalArgumentException on a quoted value without its closing quote, as godotenv fails
     */
    public static Map<String, String> parse(String text, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            line = line.stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            line = line.replaceFirst("^export\\s+", "");
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).stripTrailing();
            String value = line.substring(eq + 1).stripLeading();
            values.put(key, value(key, value, values, environment));
        }
        return values;
    }

    private static String value(String key, String value, Map<String, String> earlier, Map<String, String> environment) {
        if (value.startsWith("'") || value.startsWith("\"")) {
            char quote = value.charAt(0);
            int close = closingQuote(value, quote);
            if (close < 0) {
                throw new IllegalArgumentException("unterminated quoted value: " + key);
            }
            String q = String.valueOf(quote);
            String inner = value.substring(0, close).replaceFirst("^[" + q + "]+", "").replaceFirst("[" + q + "]+$", "");
            return quote == '\'' ? inner : expand(unescape(inner), earlier, environment);
        }
        int comment = value.indexOf(" #");
        String cut = comment < 0 ? value : value.substring(0, comment);
        return expand(cut.stripTrailing(), earlier, environment);
    }

    /** godotenv's terminator: the first quote after the opening one that does not follow a backslash; -1 when none. */
    private static int closingQuote(String value, char quote) {
        for (int i = 1; i < value.length(); i++) {
            if (value.charAt(i) == quote && value.charAt(i - 1) != '\\') {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String text) {
        String out = ESCAPE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(switch (m.group(1)) {
            case "n" -> "\n";
            case "r" -> "\r";
            default -> m.group();
        }));
        return UNESCAPE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }

    private static String expand(String text, Map<String, String> earlier, Map<String, String> environment) {
        return VARIABLE.matcher(text).replaceAll(m -> {
            String all = m.group();
            String replacement;
            if (m.group(1) != null || m.group(3) != null) {
                replacement = all.substring(1);
            } else if (m.group(5) != null) {
                String name = m.group(5);
                replacement = earlier.containsKey(name) ? earlier.get(name) : environment.getOrDefault(name, "");
            } else {
                replacement = all;
            }
            return Matcher.quoteReplacement(replacement);
        });
    }
}
