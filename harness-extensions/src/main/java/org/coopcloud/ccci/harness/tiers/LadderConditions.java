package org.coopcloud.ccci.harness.tiers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierCondition;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.app.DotEnv;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.profile.BackupCapability;
import org.coopcloud.ccci.harness.profile.RecipeLocalFile;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;

/**
 * The declared skips: rungs the recipe's profile declares not applicable, and backup and restore on
 * a recipe that cannot be backed up (no backupbot labels in the compose files {@code COMPOSE_FILE}
 * chains, or the profile says so). A declared skip
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
            if (capability == BackupCapability.AUTO) {
                List<String> chain = composeChain(tier);
                if (!hasBackupbotLabels(tier, chain)) {
                    return Optional.of("the recipe has no backupbot labels: it cannot be backed up (read in "
                            + String.join(":", chain) + ", the compose files COMPOSE_FILE chains)");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The compose files the app is deployed with, as a Co-op Cloud server deploys it: its .env's
     * {@code COMPOSE_FILE} (godotenv's chaining, as abra reads it), else the recipe's .env.sample's,
     * else {@code compose.yml}. An optional file the chain leaves out is not deployed, so its labels
     * do not count.
     */
    static List<String> composeChain(TierContext tier) {
        Optional<String> composeFile = Optional.empty();
        try {
            Optional<RecipeApp> app = tier.run().store().get(RecipeApp.class);
            if (app.isPresent() && Files.isRegularFile(app.get().envFile().file())) {
                composeFile = Optional.ofNullable(app.get().env().get("COMPOSE_FILE"));
            }
            Optional<RecipeCheckout> checkout = tier.run().store().get(RecipeCheckout.class);
            Path sample = checkout.map(c -> c.directory().resolve(".env.sample")).orElse(null);
            if (composeFile.isEmpty() && sample != null && Files.isRegularFile(sample)) {
                composeFile = Optional.ofNullable(DotEnv.parse(Files.readString(sample), System.getenv()).get("COMPOSE_FILE"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.stream(composeFile.filter(f -> !f.isBlank()).orElse("compose.yml").split(":"))
                .map(String::strip).filter(f -> !f.isEmpty()).toList();
    }

    private static boolean hasBackupbotLabels(TierContext tier, List<String> chain) {
        return tier.run().store().get(RecipeCheckout.class).map(checkout -> chain.stream()
                .map(file -> checkout.directory().resolve(file)).filter(Files::isRegularFile)
                .anyMatch(LadderConditions::mentionsBackupbot)).orElse(false);
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
