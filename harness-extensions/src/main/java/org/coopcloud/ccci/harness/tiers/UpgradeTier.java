package org.coopcloud.ccci.harness.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.Operation;
import org.coopcloud.ccci.engine.api.RungUnverified;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.app.AppDeployer;
import org.coopcloud.ccci.harness.app.AppTeardown;
import org.coopcloud.ccci.harness.app.OpState;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.canonical.CanonicalRecord;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;

/**
 * The upgrade rung: what operators do when the PR is released. The install app goes; the base
 * version (the newest published version that is not the PR head, or the configured base) is
 * deployed pinned and its version label checked; data is seeded; then the PR head is deployed over
 * it in place. Passing needs the app converged and serving, the version label moved to the PR head,
 * and the data intact: the recipe's data seed where it has one, else cc-ci's marker in each named
 * volume ({@link MarkerCheck}), placed once the base has converged.
 *
 * <p>Never a pass by accident: a PR head that is the base version's commit fails the rung (an
 * "upgrade" onto itself proves nothing), and so does a base whose label shows it did not land. A
 * base that does not deploy at all makes the rung unverified: that is not the PR's fault.
 *
 * <p>In the quick lane the base is the canonical app at its release, with the data it was seeded
 * with at promotion: the PR head is deployed over it in place, and the same checks run on that
 * real data. Nothing is torn down; the quick lane's teardown puts the canonical app back.
 */
@Tier(Stage.UPGRADE)
public class UpgradeTier {
    public static final String BASE_PARAMETER = "ccci.upgrade.base";
    public static final String BASE_ENV = "UPGRADE_BASE_VERSION";

    private String base;
    private String head;
    private Optional<SeededData> seeded = Optional.empty();
    private Optional<MarkerCheck> markers = Optional.empty();
    private String noDataCheck = "the recipe's profile declares no data seed";
    private String baseLabel;

    @Operation
    void upgrade(TierContext tier, RunPlatform platform, AppDeployer deployer, RecipeProfile profile,
            RecipeCheckout checkout, OpState opState) throws Exception {
        if (tier.run().spec().quick()) {
            upgradeCanonical(tier, platform, deployer, profile, checkout, opState);
            return;
        }
        base = tier.run().settings().get(BASE_PARAMETER, BASE_ENV).or(profile::upgradeBase)
                .or(() -> previousRelease(platform, checkout))
                .orElseThrow(() -> new RungUnverified("the recipe has no published version to upgrade from"));
        head = checkout.headSha();
        tier.recordVersion("from", base);
        tier.recordVersion("to", checkout.shortSha());
        String baseCommit = commitOf(platform, checkout, base);
        if (baseCommit.equals(head)) {
            throw new AssertionError("the PR head " + checkout.shortSha() + " is the base version " + base
                    + " itself: an upgrade onto the same commit proves nothing");
        }

        RecipeApp app = deployer.app();
        new AppTeardown(platform.abra(), platform.docker(), System.out::println)
                .during("upgrade: removing the installed app for the base version")
                .tearDown(app.domain(), app.stack(), app.envFile());
        try {
            deployer.create(Optional.of(base), false);
            deployer.deploy("upgrade base", Optional.of(base), false);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new RungUnverified("the base version " + base + " itself does not deploy: " + e.getMessage(), e);
        }
        baseLabel = app.versionLabel().orElse("(none)");
        if (!baseLabel.equals(base)) {
            throw new AssertionError("the base version did not land: the app's version label is " + baseLabel
                    + ", expected " + base);
        }
        seeded = SeededData.of(profile, opState, tier.run().settings());
        if (seeded.isPresent()) {
            seeded.get().seed(app);
        } else if (!profile.stateless()) {
            placeMarkers(tier, platform, profile, opState);
        }
        git(platform, checkout, "checkout", "--quiet", "-f", head);
        deployer.deploy("upgrade to the PR head", Optional.empty(), true);
    }

    private void upgradeCanonical(TierContext tier, RunPlatform platform, AppDeployer deployer, RecipeProfile profile, RecipeCheckout checkout,
            OpState opState) throws Exception {
        CanonicalRecord canonical = tier.run().store().require(CanonicalRecord.class);
        base = canonical.version();
        head = checkout.headSha();
        tier.recordVersion("from", base + " (canonical app)");
        tier.recordVersion("to", checkout.shortSha());
        baseLabel = deployer.app().versionLabel().orElse("(none)");
        if (!baseLabel.equals(base)) {
            throw new RungUnverified("the canonical app is labelled " + baseLabel + ", not its release " + base);
        }
        // Promotion seeded the canonical app's data; without a seed token there is none to check.
        seeded = canonical.seed().isPresent() ? SeededData.of(profile, opState) : Optional.empty();
        git(platform, checkout, "checkout", "--quiet", "-f", head); // the PR head, whatever moved the checkout
        deployer.deploy("quick upgrade of the canonical app to the PR head", Optional.empty(), true);
    }

    @Check(order = 1, value = "base version landed before the upgrade")
    void baseLanded() {
        assertThat(baseLabel).isEqualTo(base);
    }

    @Check(order = 2, value = "version moved to the PR head")
    void versionMoved(RecipeApp app, RecipeCheckout checkout) throws InterruptedException {
        // A chaos deploy of the PR head labels its commit; the pinned base labelled the base's.
        String deployed = app.label("chaos-version").orElse("(none)");
        assertThat(deployed).as("commit deployed by the upgrade (chaos-version label)").startsWith(checkout.shortSha());
        assertThat(app.label("chaos").orElse("false")).as("chaos label after the upgrade").isEqualTo("true");
    }

    @Check(order = 3, value = "serving after the upgrade")
    void serving(RecipeApp app, RecipeProfile profile, RunPlatform platform) throws InterruptedException {
        Serving.assertServing(app, profile, platform);
    }

    /**
     * Without a data seed, cc-ci's markers go into the base's volumes now that it has converged; the
     * upgrade itself is tried even when they cannot (its data check then says why it is unverified).
     */
    private void placeMarkers(TierContext tier, RunPlatform platform, RecipeProfile profile, OpState opState) throws Exception {
        Optional<MarkerCheck> check = MarkerCheck.of(tier, profile, platform, opState);
        if (check.isEmpty()) {
            noDataCheck = "the recipe's profile declares no data seed and " + MarkerCheck.optedOut();
            return;
        }
        try {
            check.get().place();
            markers = check;
        } catch (RungUnverified e) {
            noDataCheck = "the recipe's profile declares no data seed, and " + e.getMessage();
        }
    }

    @Check(order = 4, value = "data intact")
    void dataIntact(TierContext tier, RecipeApp app, RecipeProfile profile) throws Exception {
        if (seeded.isPresent()) {
            tier.recordDataCheck("suite");
            seeded.get().verify(app);
            return;
        }
        if (profile.stateless()) {
            return; // declared stateless: there is no data to lose
        }
        if (markers.isPresent()) {
            markers.get().verify(markers.get().placed(), "across the upgrade");
            return;
        }
        throw new RungUnverified(noDataCheck + ": data across the upgrade is unchecked");
    }

    /** The newest published version whose commit is not the PR head: what operators run today. */
    private static Optional<String> previousRelease(RunPlatform platform, RecipeCheckout checkout) {
        List<String> versions = checkout.versions();
        for (int i = versions.size() - 1; i >= 0; i--) {
            try {
                if (!commitOf(platform, checkout, versions.get(i)).equals(checkout.headSha())) {
                    return Optional.of(versions.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while reading the recipe's tags", e);
            }
        }
        return Optional.empty();
    }

    private static String commitOf(RunPlatform platform, RecipeCheckout checkout, String version) throws InterruptedException {
        return git(platform, checkout, "rev-parse", version + "^{commit}").strip();
    }

    private static String git(RunPlatform platform, RecipeCheckout checkout, String... args) throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", checkout.directory().toString()));
        command.addAll(List.of(args));
        try {
            return platform.runner().run(Command.of(command)).requireSuccess().stdout();
        } catch (RuntimeException e) {
            throw new InfrastructureException("git " + String.join(" ", args) + " failed: " + e.getMessage(), e);
        }
    }
}
