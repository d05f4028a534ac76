package org.coopcloud.ccci.engine.results;

import java.util.Locale;

/** The outcome of one rung of the ladder. */
public enum RungStatus {
    /** Ran, and every check passed. */
    PASS,
    /** Ran, and something failed. */
    FAIL,
    /** Declared not applicable to this recipe (by the recipe's profile or the harness), with a reason. */
    SKIP,
    /** Did not run for a reason nobody declared (not selected, a prerequisite failed, aborted). */
    UNVERIFIED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
