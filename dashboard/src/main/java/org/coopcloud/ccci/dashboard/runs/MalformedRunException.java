package org.coopcloud.ccci.dashboard.runs;

/** A run file that cannot be read as its schema says; the message names the file and the field. */
public final class MalformedRunException extends Exception {
    public MalformedRunException(String message) {
        super(message);
    }
}
