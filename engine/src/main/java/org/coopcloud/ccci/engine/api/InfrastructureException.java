package org.coopcloud.ccci.engine.api;

/**
 * A failure of the harness or the platform (docker unreachable, abra crashed, a lock directory
 * that cannot be written), as opposed to a failure of the app under test. The results keep the
 * two apart: a run that ends on one of these reports an infrastructure error, never "level 0".
 */
public class InfrastructureException extends RuntimeException {
    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
