package org.coopcloud.ccci.harness.tiers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierCondition;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.profile.BackupCapability;
import org.coopcloud.ccci.harness.profile.RecipeLocalFile;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;

/**
 * The declared skips: rungs the recipe's profile declares not applicable, and backup and restore on
 * a recipe that cannot be backed up (no backupbot labels, or the profile says so). A declared skip
 * lets the level climb past the rung; the reason is in the report. A quick run climbs only upgrade
 * and custom (on the canonical app); its level is labelled a quick-lane level in every report.
 */
public final class LadderConditions implements TierCondition {
    @Override
    public Optional<String> notApplicable(TierContext tier) {
        Optional<RecipeProfile> profile = tier.run().store().get(RecipeProfile.class);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        if (tier.run().spec().quick() && tier.stage() != Stage.UPGRADE && tier.stage() != Stage.CUSTOM) {
            return Optional.of(tier.stage() == Stage.INSTALL
                    ? "quick lane: no fresh install; the canonical app is upgraded in place (`!testme` runs it)"
                    : "quick lane: the canonical app's data is not backed up or restored by a run (`!testme` runs it)");
        }
        String declared = profile.get().notApplicable().get(tier.stage());
        if (declared != null) {
            String source = profile.get().sources().getOrDefault("not_applicable." + tier.stage().id(), "");
            return Optional.of("declared not applicable by the recipe's "
                    + (source.startsWith(RecipeLocalFile.NAME) ? source : "profile") + ": " + declared);
        }
        if (tier.stage() == Stage.BACKUP || tier.stage() == Stage.RESTORE) {
            BackupCapability capability = profile.get().backup();
            if (capability == BackupCapability.NO) {
                return Optional.of("the recipe's profile declares it cannot be backed up");
            }
            if (capability == BackupCapability.AUTO && !hasBackupbotLabels(tier)) {
                return Optional.of("the recipe has no backupbot labels: it cannot be backed up");
            }
        }
        return Optional.empty();
    }

    private static boolean hasBackupbotLabels(TierContext tier) {
        return tier.run().store().get(RecipeCheckout.class).map(checkout -> {
            try (var files = Files.list(checkout.directory())) {
                return files.filter(f -> f.getFileName().toString().matches("compose.*\\.ya?ml"))
                        .anyMatch(LadderConditions::mentionsBackupbot);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(false);
    }

    private static boolean mentionsBackupbot(Path compose) {
        try {
            // A commented-out label does not make a recipe backup-capable.
            return Files.readAllLines(compose).stream().filter(line -> !line.strip().startsWith("#"))
                    .anyMatch(line -> line.contains("backupbot.backup"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
