package org.coopcloud.ccci.harness.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.harness.profile.BackupCapability;
import org.coopcloud.ccci.harness.profile.NotApplicable;
import org.coopcloud.ccci.harness.profile.Profile;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.testing.TestRunContext;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LadderConditions}: the declared skips, from a run's stored profile and recipe checkout (a real
 * directory of compose files). The run is {@link TestRunContext}, a plain implementation of the engine's SPI.
 */
class LadderConditionsTest {
    @TempDir
    Path checkoutDir;

    @Profile(notApplicable = @NotApplicable(stage = Stage.UPGRADE, reason = "only one version was ever published"))
    static final class NoUpgrade {
    }

    @Profile(backup = BackupCapability.NO)
    static final class NoBackup {
    }

    @Profile(backup = BackupCapability.YES)
    static final class YesBackup {
    }

    @Profile(backup = BackupCapability.NO, notApplicable = @NotApplicable(stage = Stage.RESTORE, reason = "restore needs a human"))
    static final class DeclaredAndNoBackup {
    }

    private static final String WITH_LABELS = """
            services:
              app:
                image: a
              db:
                image: b
                deploy:
                  labels:
                    backupbot.backup: "true"
            """;

    private static final String WITHOUT_LABELS = """
            services:
              app:
                image: a
                deploy:
                  labels:
                    traefik.enable: "true"
            """;

    private TestRunContext run(Class<?> profileClass) {
        return run(profileClass, org.coopcloud.ccci.harness.profile.RecipeLocalFile.NONE);
    }

    private TestRunContext run(Class<?> profileClass, org.coopcloud.ccci.harness.profile.RecipeLocalFile file) {
        TestRunContext run = new TestRunContext(profileClass, checkoutDir);
        run.store().put(org.coopcloud.ccci.harness.profile.RecipeLocalFile.class, file);
        run.store().put(RecipeProfile.class, RecipeProfile.of(run));
        run.store().put(RecipeCheckout.class, new RecipeCheckout("demo-web", checkoutDir, "0123456789abcdef", List.of()));
        return run;
    }

    private static java.util.Optional<String> skip(TestRunContext run, Stage stage) {
        return new LadderConditions().notApplicable(run.tier(stage));
    }

    @Test
    void aQuickRunClimbsOnlyUpgradeAndCustomTheOthersAreDeclaredSkipsThatSaySo() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), WITH_LABELS);
        TestRunContext quick = run(YesBackup.class).quick();
        TestRunContext cold = run(YesBackup.class);

        assertThat(skip(quick, Stage.INSTALL)).hasValueSatisfying(r -> assertThat(r).startsWith("quick lane:")
                .contains("canonical app"));
        assertThat(skip(quick, Stage.BACKUP)).hasValueSatisfying(r -> assertThat(r).startsWith("quick lane:"));
        assertThat(skip(quick, Stage.RESTORE)).hasValueSatisfying(r -> assertThat(r).startsWith("quick lane:"));
        assertThat(skip(quick, Stage.UPGRADE)).isEmpty();
        assertThat(skip(quick, Stage.CUSTOM)).isEmpty();
        for (Stage stage : Stage.values()) {
            assertThat(skip(cold, stage)).as("cold " + stage.id()).isEmpty();
        }
    }

    @Test
    void withoutAProfileInTheStoreEveryRungApplies() {
        TestRunContext run = new TestRunContext();
        for (Stage stage : Stage.values()) {
            assertThat(skip(run, stage)).as(stage.id()).isEmpty();
        }
    }

    @Test
    void aRungTheProfileDeclaresNotApplicableIsSkippedWithItsReason() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), WITH_LABELS);
        TestRunContext run = run(NoUpgrade.class);
        assertThat(skip(run, Stage.UPGRADE))
                .contains("declared not applicable by the recipe's profile: only one version was ever published");
        assertThat(skip(run, Stage.INSTALL)).isEmpty();
        assertThat(skip(run, Stage.BACKUP)).isEmpty();
        assertThat(skip(run, Stage.RESTORE)).isEmpty();
        assertThat(skip(run, Stage.CUSTOM)).isEmpty();
    }

    @Test
    void aRungTheRecipeLocalFileDeclaresNotApplicableNamesTheFileAndLine() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), WITH_LABELS);
        TestRunContext run = run(null, org.coopcloud.ccci.harness.profile.RecipeLocalFileReader.parse(
                "# settings\nnot_applicable:\n  upgrade: one version only\n"));
        assertThat(skip(run, Stage.UPGRADE))
                .contains("declared not applicable by the recipe's .cc-ci.yml line 3: one version only");
        assertThat(skip(run, Stage.BACKUP)).isEmpty();
    }

    @Test
    void backupNoSkipsBackupAndRestoreOnlyEvenWithLabels() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), WITH_LABELS);
        TestRunContext run = run(NoBackup.class);
        assertThat(skip(run, Stage.BACKUP)).contains("the recipe's profile declares it cannot be backed up");
        assertThat(skip(run, Stage.RESTORE)).contains("the recipe's profile declares it cannot be backed up");
        assertThat(skip(run, Stage.INSTALL)).isEmpty();
        assertThat(skip(run, Stage.UPGRADE)).isEmpty();
        assertThat(skip(run, Stage.CUSTOM)).isEmpty();
    }

    @Test
    void aDeclaredReasonWinsOverTheBackupCapability() {
        TestRunContext run = run(DeclaredAndNoBackup.class);
        assertThat(skip(run, Stage.RESTORE)).contains("declared not applicable by the recipe's profile: restore needs a human");
        assertThat(skip(run, Stage.BACKUP)).contains("the recipe's profile declares it cannot be backed up");
    }

    @Test
    void autoWithBackupbotLabelsApplies() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), WITH_LABELS);
        TestRunContext run = run(null);
        assertThat(skip(run, Stage.BACKUP)).isEmpty();
        assertThat(skip(run, Stage.RESTORE)).isEmpty();
    }

    @Test
    void autoWithLabelsInAComposeFileThatCOMPOSE_FILEChainsApplies() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), WITHOUT_LABELS);
        Files.writeString(checkoutDir.resolve("compose.backup.yaml"), WITH_LABELS);
        Files.writeString(checkoutDir.resolve(".env.sample"), """
                TYPE=demo-web
                COMPOSE_FILE="compose.yml"
                COMPOSE_FILE="$COMPOSE_FILE:compose.backup.yaml"
                """);
        assertThat(skip(run(null), Stage.BACKUP)).isEmpty();
    }

    @Test
    void labelsOnlyInAnOptionalComposeFileTheChainLeavesOutMakeASkipNotABackup() throws Exception {
        // As a Co-op Cloud server deploys it: only the files COMPOSE_FILE chains, not every compose*.yml.
        Files.writeString(checkoutDir.resolve("compose.yml"), WITHOUT_LABELS);
        Files.writeString(checkoutDir.resolve("compose.backup.yml"), WITH_LABELS);
        Files.writeString(checkoutDir.resolve(".env.sample"), """
                TYPE=demo-web
                COMPOSE_FILE="compose.yml"
                #COMPOSE_FILE="$COMPOSE_FILE:compose.backup.yml"
                """);
        assertThat(skip(run(null), Stage.BACKUP)).hasValueSatisfying(r -> assertThat(r)
                .contains("the recipe has no backupbot labels", "compose.yml"));
        assertThat(skip(run(null), Stage.RESTORE)).isPresent();
    }

    @Test
    void autoWithoutBackupbotLabelsSkipsBackupAndRestore() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), WITHOUT_LABELS);
        // labels elsewhere than a compose file do not count
        Files.writeString(checkoutDir.resolve("README.md"), "add backupbot.backup: \"true\" to back up");
        TestRunContext run = run(null);
        assertThat(skip(run, Stage.BACKUP)).hasValueSatisfying(r -> assertThat(r).startsWith("the recipe has no backupbot labels: it cannot be backed up (read in compose.yml,"));
        assertThat(skip(run, Stage.RESTORE)).hasValueSatisfying(r -> assertThat(r).startsWith("the recipe has no backupbot labels: it cannot be backed up (read in compose.yml,"));
        assertThat(skip(run, Stage.INSTALL)).isEmpty();
        assertThat(skip(run, Stage.UPGRADE)).isEmpty();
    }

    @Test
    void commentedOutBackupbotLabelsDoNotCount() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), WITHOUT_LABELS + """
                      # backups: not yet
                      #   backupbot.backup: "true"
                    #- "backupbot.backup=true"
                """);
        assertThat(skip(run(null), Stage.BACKUP)).hasValueSatisfying(r -> assertThat(r).startsWith("the recipe has no backupbot labels: it cannot be backed up (read in compose.yml,"));
    }

    @Test
    void labelsInListFormCount() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), """
                services:
                  db:
                    deploy:
                      labels:
                        - "backupbot.backup=${ENABLE_BACKUPS:-true}"  # on by default
                """);
        assertThat(skip(run(null), Stage.BACKUP)).isEmpty();
    }

    @Test
    void yesAppliesWithoutLabels() throws Exception {
        Files.writeString(checkoutDir.resolve("compose.yml"), WITHOUT_LABELS);
        assertThat(skip(run(YesBackup.class), Stage.BACKUP)).isEmpty();
        assertThat(skip(run(YesBackup.class), Stage.RESTORE)).isEmpty();
    }

    @Test
    void autoWithoutACheckoutInTheStoreCannotBeBackedUp() {
        TestRunContext run = new TestRunContext();
        run.store().put(RecipeProfile.class, RecipeProfile.of(run));
        assertThat(skip(run, Stage.BACKUP)).hasValueSatisfying(r -> assertThat(r).startsWith("the recipe has no backupbot labels: it cannot be backed up (read in compose.yml,"));
    }
}
