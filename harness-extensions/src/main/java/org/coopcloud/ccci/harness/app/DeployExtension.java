package org.coopcloud.ccci.harness.app;

import java.util.Optional;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.AfterRunCallback;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.BeforeTierCallback;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.harness.lifetime.TeardownBudget;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;

/**
 * The run's app: deployed at the PR head in setup (what the install rung exercises), handed to
 * checks as a {@link RecipeApp} parameter, and torn down in teardown with a residual check. Runs
 * after the app lock is held, so the domain it creates and removes is this run's alone.
 */
public final class DeployExtension implements BeforeRunCallback, AfterRunCallback, BeforeTierCallback {
    private static final Consumer<String> CONSOLE = line -> System.out.println(line);

    private AppDeployer deployer;

    @Override
    public int order() {
        return ExtensionOrder.DEPLOY;
    }

    @Override
    public void beforeRun(RunContext run) throws Exception {
        RunPlatform platform = run.store().require(RunPlatform.class);
        RunWorkspace workspace = run.store().require(RunWorkspace.class);
        RecipeProfile profile = RecipeProfile.of(run);
        run.store().put(RecipeProfile.class, profile);
        deployer = new AppDeployer(run, platform, workspace, profile, CONSOLE);
        run.store().put(AppDeployer.class, deployer);
        run.store().put(OpState.class, new OpState(workspace.stateFiles().opState()));
        workspace.deploys().expectDeploys(DeployPlan.deploysFor(run.plannedStages()));
        deployer.create(Optional.empty(), true);
        deployer.deploy("install", Optional.empty(), true);
        run.store().put(RecipeApp.class, deployer.app());
    }

    /** Names in the report the version every rung but upgrade (which records its own) exercised. */
    @Override
    public void beforeTier(TierContext tier) {
        if (tier.stage() != Stage.UPGRADE) {
            tier.run().store().get(RecipeCheckout.class)
                    .ifPresent(checkout -> tier.recordVersion("under-test", checkout.shortSha()));
        }
    }

    @Override
    public void afterRun(RunContext run) throws Exception {
        RunPlatform platform = run.store().require(RunPlatform.class);
        AppEnv env = deployer != null ? deployer.env()
                : new AppEnv(run.store().require(RunWorkspace.class).abraDir().resolve("servers/default/" + run.domain() + ".env"));
        try (TeardownBudget budget = TeardownBudget.start(TeardownBudget.from(run.settings()))) {
            new AppTeardown(platform.abra(), platform.docker(), CONSOLE).tearDown(run.domain(), run.stack(), env, budget);
        }
    }
}
