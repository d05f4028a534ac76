package org.coopcloud.ccci.harness.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.Operation;
import org.coopcloud.ccci.engine.api.RungUnverified;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.app.AppDeployer;
import org.coopcloud.ccci.harness.app.OpState;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.profile.RecipeProfile;

/**
 * The restore rung: the data is changed, the backup restored, and the data must be exactly back with
 * the app converged and serving. Run alone (from an IDE), it places the data and backs up first.
 * The data is the recipe's data seed where it has one (checked through the app); else cc-ci's volume
 * markers in the volumes whose backup holds them ({@link MarkerCheck}). With neither there is
 * nothing to check a restore against: the rung is then unverified, saying why, never a pass.
 */
@Tier(Stage.RESTORE)
public class RestoreTier {
    private String backupId;
    private Optional<SeededData> seeded = Optional.empty();
    private Optional<MarkerCheck> markers = Optional.empty();
    private List<String> markedVolumes = List.of();

    @Operation
    void restore(TierContext tier, RunPlatform platform, AppDeployer deployer, RecipeApp app, RecipeProfile profile,
            OpState opState) throws Exception {
        seeded = SeededData.of(profile, opState, tier.run().settings());
        if (seeded.isEmpty()) {
            markers = MarkerCheck.of(tier, profile, platform, opState);
            if (markers.isEmpty()) {
                throw new RungUnverified("the recipe's profile declares no data seed (@Profile(dataSeed = ...)) and "
                        + MarkerCheck.optedOut() + ": the restore rung cannot check the app's data");
            }
        }
        Optional<String> recorded = opState.get(OpState.BACKUP_ID);
        if (recorded.isEmpty()) {
            deployer.awaitRunning("before the backup");
            if (seeded.isPresent()) {
                seeded.get().ensureSeeded(app);
            } else {
                markers.get().ensurePlaced();
            }
            opState.put(OpState.BACKUP_ID, platform.abra().backupCreate(app.domain()));
        }
        backupId = opState.get(OpState.BACKUP_ID).orElseThrow();
        if (seeded.isPresent()) {
            seeded.get().disturb(app);
        } else {
            markedVolumes = markers.get().restorable(app, platform);
            markers.get().disturb(markedVolumes);
        }
        platform.abra().restore(app.domain());
        tier.run().events().emit("backup.restored", Map.of("backup_id", backupId));
        deployer.awaitRunning("after the restore");
    }

    @Check(order = 1, value = "data exactly back")
    void dataBack(TierContext tier, RecipeApp app) throws Exception {
        if (seeded.isPresent()) {
            tier.recordDataCheck("suite");
            seeded.get().verify(app);
        } else {
            markers.orElseThrow().verify(markedVolumes, "by the restore");
        }
    }

    @Check(order = 2, value = "serving after the restore")
    void serving(RecipeApp app, RecipeProfile profile, RunPlatform platform) throws InterruptedException {
        Serving.assertServing(app, profile, platform);
    }
}
