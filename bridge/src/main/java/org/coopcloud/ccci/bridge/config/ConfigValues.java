package org.coopcloud.ccci.bridge.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Reading the values of a properties file the way every cc-ci service's config reads them: each
 * failure is a {@link ConfigException} whose message starts with the key. Shared by the bridge's and
 * the sweep's configs.
 */
final class ConfigValues {
    private ConfigValues() {
    }

    static Properties load(Path file) throws ConfigException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new ConfigException("--config: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        return p;
    }

    /** Refuses a secret given as a value and any key not in {@code known}. */
    static void checkKeys(Properties p, Set<String> known, Set<String> secretKeys) throws ConfigException {
        for (String key : p.stringPropertyNames()) {
            if (key.endsWith(".token") || secretKeys.contains(key)) {
                throw new ConfigException(key + ": secrets are not read from the config file; put it in a file ("
                        + key + ".file) or an env var (" + key + ".env)");
            }
            if (!known.contains(key)) {
                throw new ConfigException(key + ": unknown key (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    static String required(Properties p, String key) throws ConfigException {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new ConfigException(key + ": missing");
        }
        return value.strip();
    }

    static URI url(Properties p, String key) throws ConfigException {
        String raw = required(p, key);
        while (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        try {
            URI uri = new URI(raw);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(key + ": '" + raw + "' is not an http(s) URL");
            }
            if (uri.getUserInfo() != null || uri.getQuery() != null) {
                throw new ConfigException(key + ": '" + uri.getHost() + "' URL must not carry credentials or a query");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key + ": '" + raw + "' is not a URL");
        }
    }

    static List<String> list(Properties p, String key) {
        String raw = p.getProperty(key, "");
        List<String> out = new ArrayList<>();
        Arrays.stream(raw.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    static long positive(Properties p, String key, long fallback) throws ConfigException {
        long value = nonNegative(p, key, fallback);
        if (value == 0) {
            throw new ConfigException(key + ": must be greater than 0");
        }
        return value;
    }

    static long nonNegative(Properties p, String key, long fallback) throws ConfigException {
        String raw = p.getProperty(key);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value < 0) {
                throw new ConfigException(key + ": '" + raw.strip() + "' must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + raw.strip() + "' is not a whole number");
        }
    }

    static boolean bool(Properties p, String key, boolean fallback) throws ConfigException {
        String raw = p.getProperty(key);
        if (raw == null) {
            return fallback;
        }
        return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(key + ": '" + raw.strip() + "' is not true or false");
        };
    }
}
