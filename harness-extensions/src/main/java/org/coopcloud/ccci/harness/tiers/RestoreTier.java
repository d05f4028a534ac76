package org.coopcloud.ccci.harness.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
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
 * The restore rung: the seeded data is changed, the backup restored, and the data must be exactly
 * back with the app converged and serving. Run alone (from an IDE), it seeds and backs up first.
 * Without a data seed in the recipe's profile there is nothing to check a restore against: the
 * rung is then unverified, never a pass.
 */
@Tier(Stage.RESTORE)
public class RestoreTier {
    private String backupId;

    @Operation
    void restore(TierContext tier, RunPlatform platform, AppDeployer deployer, RecipeApp app, RecipeProfile profile,
            OpState opState) throws Exception {
        SeededData data = SeededData.required(profile, opState, "restore");
        Optional<String> recorded = opState.get(OpState.BACKUP_ID);
        if (recorded.isEmpty()) {
            deployer.awaitRunning("before the backup");
            data.ensureSeeded(app);
            opState.put(OpState.BACKUP_ID, platform.abra().backupCreate(app.domain()));
        }
        backupId = opState.get(OpState.BACKUP_ID).orElseThrow();
        data.disturb(app);
        platform.abra().restore(app.domain());
        tier.run().events().emit("backup.restored", Map.of("backup_id", backupId));
        deployer.awaitRunning("after the restore");
    }

    @Check(order = 1, value = "seeded data exactly back")
    void dataBack(RecipeApp app, RecipeProfile profile, OpState opState) throws Exception {
        SeededData.required(profile, opState, "restore").verify(app);
    }

    @Check(order = 2, value = "serving after the restore")
    void serving(RecipeApp app, RecipeProfile profile, RunPlatform platform) throws InterruptedException {
        Serving.assertServing(app, profile, platform);
    }
}
