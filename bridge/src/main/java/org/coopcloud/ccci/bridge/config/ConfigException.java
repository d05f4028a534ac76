package org.coopcloud.ccci.bridge.config;

/** A bad configuration: the message names the key and says what to do; it never holds a secret's value. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
