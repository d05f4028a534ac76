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
import org.coopcloud.ccci.harness.profile.BackupProbe;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The backup rung, on recipes that can be backed up (see {@link LadderConditions}): the app must be
 * converged first (a backup against a container that is not up fails, or worse, succeeds with a
 * truncated dump), then abra creates the backup through backupbot, and its id goes into the op
 * state for the restore rung. Seeds data (or, without a data seed, places cc-ci's volume markers)
 * first when no earlier rung did, so there is something to restore. When the profile has backup probes, the backup must also be PROVEN to hold the data: a
 * pre-hook that writes an empty or truncated dump does not fail {@code backup create} (backupbot only
 * warns), and the loss would show at a restore, too late. A failing probe gets a new backup, up to
 * the profile's {@code backupAttempts} (a database cycling mid-dump is a flaky capture); the probes
 * themselves are the same on every attempt. Failing on every attempt fails the rung with the probe's
 * words, and no backup id is recorded for the restore rung.
 */
@Tier(Stage.BACKUP)
public class BackupTier {
    private String backupId;

    @Operation
    void backUp(TierContext tier, RunPlatform platform, AppDeployer deployer, RecipeApp app, RecipeProfile profile,
            OpState opState) throws Exception {
        deployer.awaitRunning("before the backup");
        Optional<String> seeded = Optional.empty();
        Optional<SeededData> seed = SeededData.of(profile, opState, tier.run().settings());
        if (seed.isPresent()) {
            seeded = Optional.of(seed.get().ensureSeeded(app));
        } else {
            placeMarkers(tier, platform, profile, opState);
        }
        List<BackupProbe> probes = profile.backupProbes().stream().map(ReflectionSupport::newInstance)
                .map(BackupProbe.class::cast).toList();
        int attempts = probes.isEmpty() ? 1 : profile.backupAttempts();
        AssertionError failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                deployer.awaitRunning("before backup attempt " + attempt);
            }
            backupId = platform.abra().backupCreate(app.domain());
            tier.run().events().emit("backup.created", Map.of("backup_id", backupId, "attempt", attempt));
            failure = probe(probes, app, seeded);
            if (failure == null) {
                break;
            }
            tier.run().events().emit("backup.probe.failed", Map.of("backup_id", backupId, "attempt", attempt,
                    "of", attempts, "reason", String.valueOf(failure.getMessage())));
        }
        if (failure != null) {
            throw new AssertionError("the backup does not hold the app's data (" + attempts + " backup"
                    + (attempts == 1 ? "" : "s") + " taken, the probe failed on each; the last, " + backupId + "): "
                    + failure.getMessage(), failure);
        }
        opState.put(OpState.BACKUP_ID, backupId);
    }

    /**
     * The volume markers the restore rung checks, when no earlier rung placed them in this app. The
     * backup rung does not check data itself: markers that cannot be placed make the restore
     * unverified, and the reason is in the events here.
     */
    private static void placeMarkers(TierContext tier, RunPlatform platform, RecipeProfile profile, OpState opState)
            throws Exception {
        Optional<MarkerCheck> markers = MarkerCheck.of(tier, profile, platform, opState);
        if (markers.isEmpty()) {
            return;
        }
        try {
            markers.get().ensurePlaced();
        } catch (RungUnverified e) {
            tier.run().events().emit("markers.unavailable", Map.of("reason", String.valueOf(e.getMessage())));
        }
    }

    /** The first probe failure on this backup, or null when every probe passed (or there are none). */
    private AssertionError probe(List<BackupProbe> probes, RecipeApp app, Optional<String> seeded) throws Exception {
        for (BackupProbe probe : probes) {
            try {
                probe.check(app, backupId, seeded);
            } catch (AssertionError e) {
                return e;
            }
        }
        return null;
    }

    @Check(value = "backup created and recorded")
    void backupRecorded(OpState opState) throws Exception {
        assertThat(backupId).as("backup id printed by abra").isNotBlank();
        assertThat(opState.get(OpState.BACKUP_ID)).contains(backupId);
    }
}
