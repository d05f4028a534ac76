package org.coopcloud.ccci.bridge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A token or webhook secret. It is read from a file or an env var, never from the command line,
 * and its value leaves this class only to be put into a request header or an HMAC key:
 * {@link #toString()} names where it came from, so a log line or exception that prints it by
 * mistake still shows no secret.
 */
public final class Secret {
    private final String source;
    private final String value;

    private Secret(String source, String value) {
        this.source = source;
        this.value = value;
    }

    /** For tests and callers that already hold the value in memory (never from argv). */
    public static Secret of(String source, String value) {
        return new Secret(source, value);
    }

    /**
     * Reads the secret named by {@code <key>.file} or {@code <key>.env}. The message of a failure
     * names the key and the file or variable, never what was read.
     */
    static Secret load(String key, String file, String envName, Map<String, String> env) throws ConfigException {
        if (file != null && envName != null) {
            throw new ConfigException(key + ": give either " + key + ".file or " + key + ".env, not both");
        }
        if (file != null) {
            Path path = Path.of(file);
            String read;
            try {
                read = Files.readString(path).strip();
            } catch (IOException e) {
                throw new ConfigException(key + ".file: cannot read " + path + " (" + e.getClass().getSimpleName()
                        + "); create it with the token on one line, readable by the bridge's user only");
            }
            if (read.isEmpty()) {
                throw new ConfigException(key + ".file: " + path + " is empty");
            }
            return new Secret("file " + path, read);
        }
        if (envName != null) {
            String read = env.get(envName);
            if (read == null || read.isBlank()) {
                throw new ConfigException(key + ".env: the environment variable " + envName + " is not set or empty");
            }
            return new Secret("env " + envName, read.strip());
        }
        throw new ConfigException(key + ": missing; set " + key + ".file (a file holding it) or " + key
                + ".env (the name of an environment variable holding it)");
    }

    /** The value, for a request header or an HMAC key only. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[" + source + "]";
    }
}
