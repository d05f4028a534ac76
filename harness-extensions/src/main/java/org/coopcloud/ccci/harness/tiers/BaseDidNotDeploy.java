package org.coopcloud.ccci.harness.tiers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.app.AppDeployer;
import org.coopcloud.ccci.harness.app.AppTeardown;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;

/**
 * What the upgrade rung does when its base version does not deploy (a broken release, a full disk
 * under {@code abra app new}): the install app was already torn down for the base, so whatever of
 * the base exists goes and the PR head is installed again as the install rung had it. That deploy
 * takes the slot the plan gave the upgrade to the PR head, which now never happens. The later rungs (backup, restore, the recipe's own) then run on the PR
 * head as they would have; without this they found no app and blamed the PR. When the PR head
 * cannot be put back, that is the platform's failure, never the PR's.
 */
final class BaseDidNotDeploy {
    private BaseDidNotDeploy() {
    }

    static void reinstallPrHead(TierContext tier, RunPlatform platform, AppDeployer deployer, RecipeCheckout checkout,
            AppTeardown teardown, String base, Exception cause) throws InterruptedException {
        System.out.println("!! upgrade: the base " + base + " did not deploy (" + cause.getMessage()
                + "); putting the PR head back for the later rungs");
        tier.run().events().emit("upgrade.base.failed", Map.of("base", base, "reason", String.valueOf(cause.getMessage())));
        try {
            teardown.tearDown(deployer.app().domain(), deployer.app().stack(), deployer.env());
            // abra checked the base out in the recipe's checkout: the PR head again, as the install had it.
            platform.runner().run(Command.of(List.of("git", "-C", checkout.directory().toString(), "checkout", "--quiet",
                    "-f", checkout.headSha()))).requireSuccess();
            deployer.create(Optional.empty(), true);
            deployer.deploy("reinstall of the PR head after the upgrade base failed", Optional.empty(), true);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            InfrastructureException failure = new InfrastructureException("the upgrade base " + base + " did not deploy ("
                    + cause.getMessage() + "), and the PR head could not be put back for the later rungs: " + e.getMessage(),
                    e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }
}
