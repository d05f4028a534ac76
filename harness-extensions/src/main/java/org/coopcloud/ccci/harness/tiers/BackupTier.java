package org.coopcloud.ccci.harness.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.Operation;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.app.AppDeployer;
import org.coopcloud.ccci.harness.app.OpState;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.profile.RecipeProfile;

/**
 * The backup rung, on recipes that can be backed up (see {@link LadderConditions}): the app must be
 * converged first (a backup against a container that is not up fails, or worse, succeeds with a
 * truncated dump), then abra creates the backup through backupbot, and its id goes into the op
 * state for the restore rung. Seeds data first when no earlier rung did, so there is something to
 * restore.
 */
@Tier(Stage.BACKUP)
public class BackupTier {
    private String backupId;

    @Operation
    void backUp(TierContext tier, RunPlatform platform, AppDeployer deployer, RecipeApp app, RecipeProfile profile,
            OpState opState) throws Exception {
        deployer.awaitRunning("before the backup");
        if (SeededData.of(profile, opState).isPresent()) {
            SeededData.of(profile, opState).get().ensureSeeded(app);
        }
        backupId = platform.abra().backupCreate(app.domain());
        opState.put(OpState.BACKUP_ID, backupId);
        tier.run().events().emit("backup.created", Map.of("backup_id", backupId));
    }

    @Check(value = "backup created and recorded")
    void backupRecorded(OpState opState) throws Exception {
        assertThat(backupId).as("backup id printed by abra").isNotBlank();
        assertThat(opState.get(OpState.BACKUP_ID)).contains(backupId);
    }
}
