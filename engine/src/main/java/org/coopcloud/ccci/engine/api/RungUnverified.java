package org.coopcloud.ccci.engine.api;

import org.opentest4j.TestAbortedException;

/**
 * Thrown by an operation or a check when its rung cannot be tried for a reason that says nothing
 * about the change under test (the upgrade base version itself does not deploy). The rung is
 * reported unverified with this reason, never failed against the PR, and it blocks the level.
 * JUnit reports the checks as aborted.
 */
public class RungUnverified extends TestAbortedException {
    public RungUnverified(String reason) {
        super(reason);
    }

    public RungUnverified(String reason, Throwable cause) {
        super(reason, cause);
    }
}
