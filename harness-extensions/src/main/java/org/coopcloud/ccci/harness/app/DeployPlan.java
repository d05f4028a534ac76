package org.coopcloud.ccci.harness.app;

import java.util.Set;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * How many deploys a run makes, from the rungs it plans to climb. The deploy guard fails the run on
 * any deploy beyond this: a deploy the plan did not call for is a bug that could hide a real one
 * (an "upgrade" that silently redeployed the same version, say).
 */
public final class DeployPlan {
    private DeployPlan() {
    }

    public static final int INSTALL = 1;
    /** The base version, then the PR head over it. */
    public static final int UPGRADE = 2;

    public static int deploysFor(Set<Stage> planned) {
        // Setup deploys the PR head once; backup, restore and custom work on the app they find.
        return INSTALL + (planned.contains(Stage.UPGRADE) ? UPGRADE : 0);
    }
}
