package org.coopcloud.ccci.harness.profile;

import java.util.Optional;
import org.coopcloud.ccci.harness.app.RecipeApp;

/**
 * Proves that a backup holds the app's data, not only that {@code abra app backup create} returned:
 * a backupbot pre-hook that writes an empty or truncated dump does not fail the backup, and the loss
 * shows only at a later restore. A probe inspects what the backup captured (the dump the pre-hook
 * wrote, say) READ-ONLY, and throws, naming what it looked at, unless it is complete and holds the
 * seeded data. The backup rung takes a new backup when a probe fails, a bounded number of times
 * ({@link Profile#backupAttempts()}), for a capture that was flaky; the probe itself never gets
 * more lenient. Needs a public no-argument constructor.
 */
public interface BackupProbe {
    /**
     * @param backupId the id abra printed for the backup
     * @param seeded   the token the run seeded through the recipe's data seed, when it has one
     */
    void check(RecipeApp app, String backupId, Optional<String> seeded) throws Exception;
}
