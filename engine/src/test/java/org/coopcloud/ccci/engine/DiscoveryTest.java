package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.engine.discovery.RecipeSelector.selectRecipe;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.coopcloud.ccci.engine.discovery.RecipeSelector;
import org.coopcloud.ccci.engine.discovery.RecipeSelectorParser;
import org.coopcloud.ccci.engine.fixtures.ladder.AlphaProfile;
import org.coopcloud.ccci.engine.fixtures.ladder.BetaCustomTier;
import org.coopcloud.ccci.engine.fixtures.ladder.InstallTier;
import org.coopcloud.ccci.engine.fixtures.ladder.UpgradeTier;
import org.coopcloud.ccci.engine.testing.EngineRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelectorIdentifier;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

class DiscoveryTest {
    @TempDir
    Path runs;

    private static final UniqueId ENGINE = UniqueId.forEngine("cc-ci");
    private static final UniqueId ALPHA = ENGINE.append("run", "alpha");

    @Test
    void recipeSelectorBuildsTheRunWithSetupFirstAndEveryTierUpTheLadder() {
        TestDescriptor engine = EngineRuns.kit(runs).selectors(selectRecipe("alpha")).discover().getEngineDescriptor();

        assertThat(tree(engine)).containsExactly(
                "[engine:cc-ci]/[run:alpha]",
                "[engine:cc-ci]/[run:alpha]/[step:setup]",
                "[engine:cc-ci]/[run:alpha]/[tier:install]",
                "[engine:cc-ci]/[run:alpha]/[tier:install]/[class:" + InstallTier.class.getName() + "]",
                "[engine:cc-ci]/[run:alpha]/[tier:install]/[class:" + InstallTier.class.getName() + "]/[check:converged]",
                "[engine:cc-ci]/[run:alpha]/[tier:install]/[class:" + InstallTier.class.getName() + "]/[check:serving]",
                "[engine:cc-ci]/[run:alpha]/[tier:upgrade]",
                "[engine:cc-ci]/[run:alpha]/[tier:upgrade]/[class:" + UpgradeTier.class.getName() + "]",
                "[engine:cc-ci]/[run:alpha]/[tier:upgrade]/[class:" + UpgradeTier.class.getName() + "]/[check:converged]",
                "[engine:cc-ci]/[run:alpha]/[tier:upgrade]/[class:" + UpgradeTier.class.getName() + "]/[check:serving]",
                "[engine:cc-ci]/[run:alpha]/[tier:backup]",
                "[engine:cc-ci]/[run:alpha]/[tier:backup]/[class:org.coopcloud.ccci.engine.fixtures.ladder.BackupTier]",
                "[engine:cc-ci]/[run:alpha]/[tier:backup]/[class:org.coopcloud.ccci.engine.fixtures.ladder.BackupTier]/[check:converged]",
                "[engine:cc-ci]/[run:alpha]/[tier:backup]/[class:org.coopcloud.ccci.engine.fixtures.ladder.BackupTier]/[check:serving]",
                "[engine:cc-ci]/[run:alpha]/[tier:restore]",
                "[engine:cc-ci]/[run:alpha]/[tier:restore]/[class:org.coopcloud.ccci.engine.fixtures.ladder.RestoreTier]",
                "[engine:cc-ci]/[run:alpha]/[tier:restore]/[class:org.coopcloud.ccci.engine.fixtures.ladder.RestoreTier]/[check:converged]",
                "[engine:cc-ci]/[run:alpha]/[tier:restore]/[class:org.coopcloud.ccci.engine.fixtures.ladder.RestoreTier]/[check:serving]",
                "[engine:cc-ci]/[run:alpha]/[tier:custom]",
                "[engine:cc-ci]/[run:alpha]/[tier:custom]/[class:org.coopcloud.ccci.engine.fixtures.ladder.AlphaCustomTier]",
                "[engine:cc-ci]/[run:alpha]/[tier:custom]/[class:org.coopcloud.ccci.engine.fixtures.ladder.AlphaCustomTier]/[check:roundTrip]");
    }

    @Test
    void theRunCarriesAClassSourceAndChecksAMethodSource() {
        TestDescriptor engine = EngineRuns.kit(runs).selectors(selectRecipe("alpha"), selectRecipe("beta"))
                .discover().getEngineDescriptor();
        TestDescriptor alpha = child(engine, ALPHA);
        TestDescriptor beta = child(engine, ENGINE.append("run", "beta"));

        assertThat(alpha.getSource()).contains(ClassSource.from(AlphaProfile.class));
        assertThat(beta.getSource()).contains(ClassSource.from("ccci.recipe.beta"));
        assertThat(alpha.getDescendants()).filteredOn(d -> d.getType() == TestDescriptor.Type.TEST)
                .allSatisfy(test -> assertThat(test.getSource()).get()
                        .isInstanceOf(org.junit.platform.engine.support.descriptor.MethodSource.class));
    }

    @Test
    void everyUniqueIdTheEngineProducedResolvesToTheSameDescriptorAgain() {
        TestDescriptor first = EngineRuns.kit(runs).selectors(selectRecipe("alpha")).discover().getEngineDescriptor();
        List<UniqueId> ids = new ArrayList<>();
        first.getDescendants().forEach(d -> ids.add(d.getUniqueId()));
        assertThat(ids).hasSize(21);

        for (UniqueId id : ids) {
            EngineDiscoveryResults again = EngineRuns.kit(runs).selectors(selectUniqueId(id)).discover();
            assertThat(again.getDiscoveryIssues()).as("issues for %s", id).isEmpty();
            assertThat(again.getEngineDescriptor().findByUniqueId(id)).as("re-resolving %s", id).isPresent();
            // A second discovery gives the very same ids: deterministic.
            assertThat(tree(EngineRuns.kit(runs).selectors(selectUniqueId(id)).discover().getEngineDescriptor()))
                    .isEqualTo(tree(again.getEngineDescriptor()));
        }
    }

    @Test
    void aCheckSelectedByUniqueIdComesWithItsRunsSetupButNoOtherCheck() {
        UniqueId serving = ALPHA.append("tier", "install").append("class", InstallTier.class.getName())
                .append("check", "serving");
        TestDescriptor engine = EngineRuns.kit(runs).selectors(selectUniqueId(serving)).discover().getEngineDescriptor();

        assertThat(tree(engine)).containsExactly(
                "[engine:cc-ci]/[run:alpha]",
                "[engine:cc-ci]/[run:alpha]/[step:setup]",
                "[engine:cc-ci]/[run:alpha]/[tier:install]",
                "[engine:cc-ci]/[run:alpha]/[tier:install]/[class:" + InstallTier.class.getName() + "]",
                serving.toString());
    }

    @Test
    void aGenericTierClassSelectedAsAnIdeWouldBecomesSetupThatTierAndTeardownOfTheConfiguredRecipe() {
        TestDescriptor engine = EngineRuns.kit(runs).configurationParameter(Constants.RECIPE, "alpha")
                .selectors(selectClass(UpgradeTier.class)).discover().getEngineDescriptor();

        assertThat(tree(engine)).containsExactly(
                "[engine:cc-ci]/[run:alpha]",
                "[engine:cc-ci]/[run:alpha]/[step:setup]",
                "[engine:cc-ci]/[run:alpha]/[tier:upgrade]",
                "[engine:cc-ci]/[run:alpha]/[tier:upgrade]/[class:" + UpgradeTier.class.getName() + "]",
                "[engine:cc-ci]/[run:alpha]/[tier:upgrade]/[class:" + UpgradeTier.class.getName() + "]/[check:converged]",
                "[engine:cc-ci]/[run:alpha]/[tier:upgrade]/[class:" + UpgradeTier.class.getName() + "]/[check:serving]");
    }

    @Test
    void aCheckMethodSelectedAsAnIdeWouldBecomesThatCheckAlone() {
        TestDescriptor engine = EngineRuns.kit(runs).configurationParameter(Constants.RECIPE, "alpha")
                .selectors(selectMethod(InstallTier.class, "serving", "org.coopcloud.ccci.engine.api.TierContext"))
                .discover().getEngineDescriptor();

        assertThat(tree(engine)).last().asString().endsWith("[check:serving]");
        assertThat(engine.getDescendants()).filteredOn(d -> d.getType() == TestDescriptor.Type.TEST)
                .extracting(TestDescriptor::getDisplayName).containsExactly("set up and deploy", "serving");
    }

    @Test
    void aRecipesOwnTierClassRunsAgainstItsRecipeWithoutConfiguration() {
        TestDescriptor engine = EngineRuns.kit(runs).selectors(selectClass(BetaCustomTier.class))
                .discover().getEngineDescriptor();

        assertThat(engine.getChildren()).extracting(d -> d.getUniqueId().toString())
                .containsExactly("[engine:cc-ci]/[run:beta]");
        assertThat(tree(engine)).hasSize(5);
    }

    @Test
    void aGenericTierClassWithoutAConfiguredRecipeIsAWarningNotARun() {
        EngineDiscoveryResults results = EngineRuns.kit(runs).selectors(selectClass(InstallTier.class)).discover();

        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
            assertThat(issue.message()).contains("ccci.recipe");
        });
    }

    @Test
    void twoRecipesInOneLaunchGiveTwoCompleteRunsEachWithItsOwnTiers() {
        TestDescriptor engine = EngineRuns.kit(runs).selectors(selectRecipe("alpha"), selectRecipe("beta"))
                .discover().getEngineDescriptor();
        TestDescriptor alpha = child(engine, ALPHA);
        TestDescriptor beta = child(engine, ENGINE.append("run", "beta"));

        assertThat(alpha.getChildren()).hasSize(6);
        assertThat(beta.getChildren()).hasSize(6);
        assertThat(alpha.getDescendants()).extracting(TestDescriptor::getDisplayName).contains("roundTrip")
                .doesNotContain("betaWorks");
        assertThat(beta.getDescendants()).extracting(TestDescriptor::getDisplayName).contains("betaWorks")
                .doesNotContain("roundTrip");
        // Shared generic tiers appear under both runs (a cached class selector would leave them under one).
        assertThat(beta.getDescendants()).filteredOn(d -> d.getUniqueId().toString().contains(InstallTier.class.getName()))
                .hasSize(3);
    }

    @Test
    void theConfiguredRecipeRunsWhenNoSelectorNamesTheEngine() {
        TestDescriptor engine = EngineRuns.kit(runs).configurationParameter(Constants.RECIPE, "beta")
                .selectors(selectClass(DiscoveryTest.class)).discover().getEngineDescriptor();

        assertThat(engine.getChildren()).extracting(d -> d.getUniqueId().getLastSegment().getValue())
                .containsExactly("beta");
        assertThat(engine.getDescendants()).hasSize(21);
    }

    @Test
    void withoutARecipeOrASelectorOfOursTheEngineFindsNothingAndSaysNothing() {
        EngineDiscoveryResults results = EngineRuns.kit(runs).selectors(selectClass(DiscoveryTest.class)).discover();

        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
        assertThat(results.getDiscoveryIssues()).isEmpty();
    }

    @Test
    void aPackageSelectorFindsTierClassesThroughTheClassContainerResolver() {
        TestDescriptor engine = EngineRuns.kit(runs).configurationParameter(Constants.RECIPE, "alpha")
                .selectors(selectPackage(EngineRuns.FIXTURES)).discover().getEngineDescriptor();

        // alpha (configured, for the generic tiers and its own) and beta (its own custom tier).
        assertThat(engine.getChildren()).extracting(d -> d.getUniqueId().getLastSegment().getValue())
                .containsExactlyInAnyOrder("alpha", "beta", "gamma");
    }

    @Test
    void theRecipeSelectorRoundTripsThroughItsIdentifier() {
        RecipeSelector selector = selectRecipe("demo-web");
        DiscoverySelectorIdentifier identifier = selector.toIdentifier().orElseThrow();

        assertThat(identifier.toString()).isEqualTo("recipe:demo-web");
        assertThat(new RecipeSelectorParser().parse(identifier, null)).contains(selector);
        assertThat(new RecipeSelectorParser().getPrefix()).isEqualTo("recipe");
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(Constants.RECIPE, "Bad_Name", "ccci.recipe"),
                Arguments.of(Constants.REF, "--upload-pack=evil", "ccci.ref"),
                Arguments.of(Constants.REF, "main/../../etc", "ccci.ref"),
                Arguments.of(Constants.PR, "12a", "ccci.pr"),
                Arguments.of(Constants.SRC, "no-slash", "ccci.src"),
                Arguments.of(Constants.STAGES, "install,deploy", "ccci.stages"),
                Arguments.of(Constants.QUICK, "maybe", "ccci.quick"),
                Arguments.of(Constants.RUN_ID, "../up", "ccci.run.id"),
                Arguments.of(Constants.DOMAIN_SUFFIX, "Not A Domain", "ccci.domain.suffix"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badInputs")
    void badInputIsADiscoveryErrorNamingTheFieldAndCreatesNothing(String key, String value, String field) {
        EngineDiscoveryResults results = EngineRuns.kit(runs).configurationParameter(key, value)
                .selectors(selectRecipe("alpha")).discover();

        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).contains(field).contains("is not");
        });
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void aBadRecipeNameInTheSelectorIsADiscoveryError() {
        EngineDiscoveryResults results = EngineRuns.kit(runs).selectors(selectRecipe("../etc")).discover();

        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message)
                .anySatisfy(m -> assertThat(m).contains("ccci.recipe").contains("'../etc'"));
    }

    static List<String> tree(TestDescriptor engine) {
        List<String> ids = new ArrayList<>();
        collect(engine, ids);
        return ids.subList(1, ids.size());
    }

    private static void collect(TestDescriptor descriptor, List<String> ids) {
        ids.add(descriptor.getUniqueId().toString());
        descriptor.getChildren().forEach(child -> collect(child, ids));
    }

    private static TestDescriptor child(TestDescriptor engine, UniqueId id) {
        return engine.findByUniqueId(id).map(TestDescriptor.class::cast).orElseThrow();
    }
}
