package org.coopcloud.ccci.engine.results;

import java.util.Locale;

/**
 * What a run's outcome says, keeping "the app failed" apart from "the harness or the platform
 * failed": an infrastructure error is never reported as a level of the app.
 */
public enum Verdict {
    /** Every rung that ran passed, setup and teardown included. */
    PASSED,
    /** A rung failed against the app. */
    APP_FAILED,
    /** Setup, a rung or teardown failed because of the harness or the platform. */
    INFRASTRUCTURE_ERROR,
    /** SIGTERM or the deadline ended the run; teardown ran. No level: the run was cut short. */
    ABORTED,
    /** The input named a ref, repository or recipe that does not exist; nothing was deployed. */
    BAD_INPUT;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
