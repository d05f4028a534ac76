package org.coopcloud.ccci.engine.api;

/**
 * The user's input names something that does not exist: a ref or repository the git host does not
 * have (a deleted PR branch), a recipe the catalogue does not know. Neither the app's fault nor the
 * harness's: the run ends with verdict {@code bad-input}, no level, and {@code bin/ccci run} exits 2,
 * with the message naming what is missing. Thrown before anything is deployed. A git host that does
 * not answer is no such case: that stays an {@link InfrastructureException}.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether this failure (or one in its cause chain) is the user's bad input. */
    public static boolean isIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadInputException) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof BadInputException) {
                    return true;
                }
            }
        }
        return false;
    }
}
