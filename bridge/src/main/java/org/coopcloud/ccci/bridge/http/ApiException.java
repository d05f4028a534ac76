package org.coopcloud.ccci.bridge.http;

/**
 * A call to Gitea, Drone or the dashboard that did not give a usable answer. The message names the
 * service, the method and the path (never a header, so never a token) and the status when there was one.
 */
public class ApiException extends Exception {
    private final int status;

    public ApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came (timeout, refused connection, malformed answer). */
    public int status() {
        return status;
    }
}
