package org.coopcloud.ccci.harness.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.deploy.HttpProbe;
import org.coopcloud.ccci.harness.testing.TestRunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RecipeProfile#of}: a recipe's {@link Profile} with its defaults, and the operator's override. */
class RecipeProfileTest {

    public static final class Seed implements DataSeed {
        @Override
        public void seed(RecipeApp app, String token) {
        }

        @Override
        public void verify(RecipeApp app, String token) {
        }

        @Override
        public void disturb(RecipeApp app, String token) {
        }
    }

    public static final class Steps implements InstallSteps {
        @Override
        public void afterAppNew(AppEnv env) {
        }
    }

    public static final class Ready implements ReadinessProbe {
        @Override
        public void check(RecipeApp app) {
        }
    }

    public static final class Probe implements BackupProbe {
        @Override
        public void check(RecipeApp app, String backupId, Optional<String> seeded) {
        }
    }

    @Profile(healthService = "web", healthPort = 8080, healthPath = "/health", acceptedStatus = {200, 204},
            deployTimeoutSeconds = 120, healthTimeoutSeconds = 30, backup = BackupCapability.NO,
            notApplicable = {@NotApplicable(stage = Stage.UPGRADE, reason = "one version only"),
                @NotApplicable(stage = Stage.CUSTOM, reason = "no checks yet")},
            upgradeBase = "1.0.0+1.0", env = {"SITE_TITLE=Demo = site", "EMPTY=", "URL=http://x/?a=b&c=d"},
            stateless = true, dataSeed = Seed.class, installSteps = Steps.class, readinessProbes = Ready.class,
            backupProbes = Probe.class, backupAttempts = 5)
    static final class FullProfile {
    }

    @Profile(backupProbes = Probe.class, backupAttempts = 0)
    static final class NoBackupAttempts {
    }

    /** A recipe class without a profile annotation: every default. */
    static final class Unannotated {
    }

    @Profile(env = "NO_EQUALS_SIGN")
    static final class NoEquals {
    }

    @Profile(env = {"GOOD=1", "=value"})
    static final class NoKey {
    }

    @Profile(upgradeBase = "  ")
    static final class BlankUpgradeBase {
    }

    private static void assertDefaults(RecipeProfile profile) {
        assertThat(profile.healthService()).isEqualTo("app");
        assertThat(profile.health()).isEqualTo(HttpProbe.of(80));
        assertThat(profile.health().acceptedStatuses()).containsExactlyInAnyOrder(200, 301, 302);
        assertThat(profile.deployTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(profile.declaredDeployTimeout()).as("none set: the recipe's timeout label decides").isEmpty();
        assertThat(profile.healthTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(profile.backup()).isEqualTo(BackupCapability.AUTO);
        assertThat(profile.notApplicable()).isEmpty();
        assertThat(profile.upgradeBase()).isEmpty();
        assertThat(profile.env()).isEmpty();
        assertThat(profile.installSteps()).isEmpty();
        assertThat(profile.readinessProbes()).isEmpty();
        assertThat(profile.dataSeed()).isEmpty();
        assertThat(profile.newDataSeed()).isEmpty();
        assertThat(profile.stateless()).isFalse();
        assertThat(profile.backupProbes()).isEmpty();
        assertThat(profile.backupAttempts()).isEqualTo(3);
    }

    @Test
    void aRecipeWithoutAProfileClassGetsEveryDefault() {
        assertDefaults(RecipeProfile.of(new TestRunContext()));
    }

    @Test
    void aProfileClassWithoutTheAnnotationGetsEveryDefault() {
        assertDefaults(RecipeProfile.of(new TestRunContext(Unannotated.class, java.nio.file.Path.of("/x"))));
    }

    @Test
    void everyValueComesFromTheProfile() {
        RecipeProfile profile = RecipeProfile.of(new TestRunContext(FullProfile.class, java.nio.file.Path.of("/x")));
        assertThat(profile.healthService()).isEqualTo("web");
        assertThat(profile.health().port()).isEqualTo(8080);
        assertThat(profile.health().path()).isEqualTo("/health");
        assertThat(profile.health().acceptedStatuses()).containsExactlyInAnyOrder(200, 204);
        assertThat(profile.deployTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(profile.declaredDeployTimeout()).hasValue(Duration.ofSeconds(120));
        assertThat(profile.healthTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(profile.backup()).isEqualTo(BackupCapability.NO);
        assertThat(profile.notApplicable()).containsOnly(entry(Stage.UPGRADE, "one version only"),
                entry(Stage.CUSTOM, "no checks yet"));
        assertThat(profile.upgradeBase()).contains("1.0.0+1.0");
        assertThat(profile.env()).containsOnly(entry("SITE_TITLE", "Demo = site"), entry("EMPTY", ""),
                entry("URL", "http://x/?a=b&c=d"));
        assertThat(profile.installSteps()).containsExactly(Steps.class);
        assertThat(profile.readinessProbes()).containsExactly(Ready.class);
        assertThat(profile.dataSeed()).contains(Seed.class);
        assertThat(profile.newDataSeed()).hasValueSatisfying(seed -> assertThat(seed).isInstanceOf(Seed.class));
        assertThat(profile.newDataSeed().get()).isNotSameAs(profile.newDataSeed().get());
        assertThat(profile.stateless()).isTrue();
        assertThat(profile.backupProbes()).containsExactly(Probe.class);
        assertThat(profile.backupAttempts()).isEqualTo(5);
    }

    @Test
    void fewerThanOneBackupAttemptIsRefusedNamingTheKey() {
        // Zero attempts would take no backup at all and pass nothing, or fail the recipe for the profile's typo.
        assertThatThrownBy(() -> RecipeProfile.of(new TestRunContext(NoBackupAttempts.class, java.nio.file.Path.of("/x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@Profile backupAttempts must be 1 or more, got 0");
    }

    @Test
    void aBlankUpgradeBaseMeansTheDefault() {
        assertThat(RecipeProfile.of(new TestRunContext(BlankUpgradeBase.class, java.nio.file.Path.of("/x"))).upgradeBase())
                .isEqualTo(Optional.empty());
    }

    @Test
    void theOperatorsDeployTimeoutWinsOverTheProfiles() {
        TestRunContext byParameter = new TestRunContext(FullProfile.class, java.nio.file.Path.of("/x"))
                .with(RecipeProfile.DEPLOY_TIMEOUT_PARAMETER, "42");
        RecipeProfile profile = RecipeProfile.of(byParameter);
        assertThat(profile.deployTimeout()).isEqualTo(Duration.ofSeconds(42));
        assertThat(profile.declaredDeployTimeout()).as("the operator's wins over the recipe's label").hasValue(Duration.ofSeconds(42));
        // ... and only the timeout: everything else is still the profile's
        assertThat(profile.healthService()).isEqualTo("web");
        assertThat(profile.healthTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(profile.env()).containsKey("SITE_TITLE");
        assertThat(profile.dataSeed()).contains(Seed.class);

        TestRunContext byEnv = new TestRunContext().with(RecipeProfile.DEPLOY_TIMEOUT_ENV, "600");
        assertThat(RecipeProfile.of(byEnv).deployTimeout()).isEqualTo(Duration.ofSeconds(600));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12s", "1.5", "99999999999999999999"})
    void aDeployTimeoutThatIsNoNumberIsRefusedNamingTheSetting(String value) {
        assertThatThrownBy(() -> RecipeProfile.of(new TestRunContext().with(RecipeProfile.DEPLOY_TIMEOUT_ENV, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ccci.deploy.timeout.seconds (env CCCI_DEPLOY_TIMEOUT_SECONDS): '" + value
                        + "' is not a number of seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5"})
    void aDeployTimeoutThatIsNotPositiveIsRefusedNamingTheSetting(String value) {
        // Else every deploy "does not converge within 0 s" and the PR is blamed for the operator's typo.
        assertThatThrownBy(() -> RecipeProfile.of(new TestRunContext().with(RecipeProfile.DEPLOY_TIMEOUT_PARAMETER, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ccci.deploy.timeout.seconds (env CCCI_DEPLOY_TIMEOUT_SECONDS): '" + value
                        + "' is not a positive number of seconds");
    }

    @Test
    void anEnvEntryWithoutKeyOrEqualsSignIsRefusedShowingIt() {
        assertThatThrownBy(() -> RecipeProfile.of(new TestRunContext(NoEquals.class, java.nio.file.Path.of("/x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@Profile env entry 'NO_EQUALS_SIGN' is not KEY=value");
        assertThatThrownBy(() -> RecipeProfile.of(new TestRunContext(NoKey.class, java.nio.file.Path.of("/x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@Profile env entry '=value' is not KEY=value");
    }

    @Test
    void theEnvAndSkipsCannotBeChangedAfterwards() {
        RecipeProfile profile = RecipeProfile.of(new TestRunContext(FullProfile.class, java.nio.file.Path.of("/x")));
        Map<String, String> env = profile.env();
        List<Class<? extends InstallSteps>> steps = profile.installSteps();
        assertThatThrownBy(() -> env.put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> steps.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> profile.notApplicable().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Profile(healthPath = "/java-health", env = "LETS_ENCRYPT_ENV=production",
            notApplicable = @NotApplicable(stage = Stage.RESTORE, reason = "the suite says so"))
    static final class PartialProfile {
    }

    @Test
    void withoutAJavaProfileTheRecipeLocalFileSetsEveryKeyAndSaysWhere() {
        TestRunContext run = new TestRunContext();
        run.store().put(RecipeLocalFile.class, RecipeLocalFileReader.parse(RecipeLocalFileReaderTest.FULL));
        RecipeProfile profile = RecipeProfile.of(run);

        assertThat(profile.health().path()).isEqualTo("/health");
        assertThat(profile.health().acceptedStatuses()).containsExactlyInAnyOrder(200, 204);
        assertThat(profile.backup()).isEqualTo(BackupCapability.NO);
        assertThat(profile.stateless()).isFalse();
        assertThat(profile.notApplicable()).containsOnly(entry(Stage.RESTORE, "the app keeps nothing a restore could bring back"));
        assertThat(profile.env()).containsOnly(entry("LETS_ENCRYPT_ENV", "staging"), entry("GREETING", "a=b"));
        assertThat(profile.upgradeBase()).contains("1.0.0+1.0");
        assertThat(profile.volumeMarkers()).isFalse();
        assertThat(profile.operatorSecretFiles()).containsOnly(entry("smtp_password", "smtp-password"));
        assertThat(profile.checks()).extracting(RecipeLocalFile.HttpCheck::name)
                .containsExactly("the front page greets", "GET /api/version answers 201");
        assertThat(profile.sources()).containsEntry("health.path", ".cc-ci.yml line 3")
                .containsEntry("backup", ".cc-ci.yml line 6").containsEntry("env.LETS_ENCRYPT_ENV", ".cc-ci.yml line 10");
    }

    @Test
    void aJavaProfileOverridesTheFileKeyByKeyAndTheFileFillsWhatItLeavesAtItsDefault() {
        TestRunContext run = new TestRunContext(PartialProfile.class, java.nio.file.Path.of("/x"));
        run.store().put(RecipeLocalFile.class, RecipeLocalFileReader.parse(RecipeLocalFileReaderTest.FULL));
        RecipeProfile profile = RecipeProfile.of(run);

        assertThat(profile.health().path()).as("the suite set it").isEqualTo("/java-health");
        assertThat(profile.health().acceptedStatuses()).as("the suite left it at its default")
                .containsExactlyInAnyOrder(200, 204);
        assertThat(profile.env()).as("entry by entry").containsOnly(entry("LETS_ENCRYPT_ENV", "production"),
                entry("GREETING", "a=b"));
        assertThat(profile.notApplicable()).containsOnly(entry(Stage.RESTORE, "the suite says so"));
        assertThat(profile.backup()).isEqualTo(BackupCapability.NO);
        assertThat(profile.checks()).hasSize(2);
        assertThat(profile.sources()).containsEntry("health.path", "Java profile PartialProfile")
                .containsEntry("health.status", ".cc-ci.yml line 4")
                .containsEntry("env.LETS_ENCRYPT_ENV", "Java profile PartialProfile")
                .containsEntry("env.GREETING", ".cc-ci.yml line 11")
                .containsEntry("not_applicable.restore", "Java profile PartialProfile");
    }

    @Test
    void withNeitherNothingIsSourcedAndVolumeMarkersAreOn() {
        RecipeProfile profile = RecipeProfile.of(new TestRunContext());
        assertThat(profile.sources()).isEmpty();
        assertThat(profile.volumeMarkers()).isTrue();
        assertThat(profile.checks()).isEmpty();
        assertThat(profile.operatorSecretFiles()).isEmpty();
    }
}
