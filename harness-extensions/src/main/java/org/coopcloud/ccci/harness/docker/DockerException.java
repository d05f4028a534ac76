package org.coopcloud.ccci.harness.docker;

import org.coopcloud.ccci.engine.api.InfrastructureException;

/**
 * A Docker Engine API call that failed: the daemon answered an error status, or could not be
 * reached. Carries the HTTP status (0 when there was no answer) and the daemon's own message.
 * Messages name the method and path only; request bodies (secret values) never appear.
 */
public class DockerException extends InfrastructureException {
    private final int status;
    private final String daemonMessage;

    public DockerException(String call, int status, String daemonMessage) {
        super(call + " failed: HTTP " + status + ": " + daemonMessage);
        this.status = status;
        this.daemonMessage = daemonMessage;
    }

    public DockerException(String message) {
        super(message);
        this.status = 0;
        this.daemonMessage = "";
    }

    public DockerException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.daemonMessage = cause.getMessage() == null ? "" : cause.getMessage();
    }

    /** The HTTP status, or 0 when the daemon gave no answer. */
    public int status() {
        return status;
    }

    public String daemonMessage() {
        return daemonMessage;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    /** 409: the object is in use (a volume or secret still held by a container) or exists already. */
    public boolean isConflict() {
        return status == 409;
    }
}
