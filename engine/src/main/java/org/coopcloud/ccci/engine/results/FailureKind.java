package org.coopcloud.ccci.engine.results;

import java.util.Locale;
import org.coopcloud.ccci.engine.api.AppFailureException;
import org.coopcloud.ccci.engine.api.BadInputException;
import org.coopcloud.ccci.engine.api.InfrastructureException;

/** Who a failure counts against: the app under test, or the harness and its platform. */
public enum FailureKind {
    APP,
    INFRASTRUCTURE,
    /** The user's input names something that does not exist (a deleted PR branch, an unknown recipe). */
    INPUT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Classifies a failure by the first marker exception in its cause chain; {@code otherwise}
     * is the kind when neither marker is present (setup defaults to infrastructure, checks to app).
     */
    public static FailureKind of(Throwable failure, FailureKind otherwise) {
        if (BadInputException.isIn(failure)) {
            return INPUT;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InfrastructureException || t instanceof LinkageError || t instanceof VirtualMachineError) {
                // A class that does not load or a JVM out of memory is the harness's trouble, never the app's.
                return INFRASTRUCTURE;
            }
            if (t instanceof AppFailureException) {
                return APP;
            }
        }
        return otherwise;
    }
}
