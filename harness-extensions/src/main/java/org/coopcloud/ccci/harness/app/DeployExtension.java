package org.coopcloud.ccci.harness.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.AfterRunCallback;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.BeforeTierCallback;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.canonical.QuickLane;
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
 * after the app lock is held, so the domain it creates and removes is this run's alone. A quick run
 * deploys nothing fresh: {@link QuickLane} takes over setup and teardown of the canonical app.
 */
public final class DeployExtension implements BeforeRunCallback, AfterRunCallback, BeforeTierCallback {
    private static final Consumer<String> CONSOLE = line -> System.out.println(line);

    private AppDeployer deployer;
    private QuickLane quickLane;

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
        announceSources(run, profile);
        deployer = new AppDeployer(run, platform, workspace, profile, CONSOLE);
        run.store().put(AppDeployer.class, deployer);
        run.store().put(OpState.class, new OpState(workspace.stateFiles().opState()));
        if (run.spec().quick()) {
            quickLane = new QuickLane(run, platform, workspace, profile, deployer, CONSOLE);
            quickLane.setUp();
            return;
        }
        // The plan: the app's deploys plus one per dependency deployed for the run, deployed first (DESIGN section 8).
        Dependencies dependencies = new Dependencies();
        run.store().put(Dependencies.class, dependencies);
        DependencyDeployer dependencyDeployer = new DependencyDeployer(run, platform, workspace, dependencies, CONSOLE);
        int coldDependencies = dependencyDeployer.plan(profile.needs()); // a tenant in a warm app deploys nothing
        workspace.deploys().expectDeploys(DeployPlan.deploysFor(run.plannedStages()) + coldDependencies);
        dependencyDeployer.deployAll();
        deployer.create(Optional.empty(), true);
        deployer.deploy("install", Optional.empty(), true);
        run.store().put(RecipeApp.class, deployer.app());
    }

    /** Says where each setting that is not a default came from: the Java profile or the recipe-local file, and its line. */
    private static void announceSources(RunContext run, RecipeProfile profile) {
        if (profile.sources().isEmpty()) {
            return;
        }
        CONSOLE.accept("== profile: " + profile.sources().entrySet().stream().map(e -> e.getKey() + " from " + e.getValue())
                .collect(java.util.stream.Collectors.joining("; ")) + " ==");
        run.events().emit("profile.sources", java.util.Map.copyOf(profile.sources()));
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
        if (run.spec().quick()) {
            if (quickLane != null) {
                quickLane.tearDown(); // never AppTeardown: the canonical app stays on the host
            }
            return;
        }
        RunPlatform platform = run.store().require(RunPlatform.class);
        AppEnv env = deployer != null ? deployer.env()
                : new AppEnv(run.store().require(RunWorkspace.class).abraDir().resolve("servers/default/" + run.domain() + ".env"));
        // The app first, then its dependencies in reverse, all within one teardown budget; every one is
        // tried, the first failure is thrown.
        List<Throwable> failures = new ArrayList<>();
        try (TeardownBudget budget = TeardownBudget.start(TeardownBudget.from(run.settings()))) {
            AppTeardown teardown = new AppTeardown(platform.abra(), platform.docker(), CONSOLE);
            try {
                teardown.tearDown(run.domain(), run.stack(), env, budget);
            } catch (Exception e) {
                failures.add(e);
            }
            run.store().get(Dependencies.class)
                    .ifPresent(d -> failures.addAll(DependencyDeployer.tearDownAll(d, teardown, budget, CONSOLE)));
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            if (first instanceof Exception e) {
                throw e;
            }
            throw new IllegalStateException(first);
        }
    }
}
