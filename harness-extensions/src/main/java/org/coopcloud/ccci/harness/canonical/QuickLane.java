package org.coopcloud.ccci.harness.canonical;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.harness.app.AppDeployer;
import org.coopcloud.ccci.harness.app.OpState;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.lifetime.TeardownBudget;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.profile.Needs;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.workspace.AbraHome;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;

/**
 * The setup and teardown of a quick run ({@code --quick}), in place of a fresh deploy: the run's
 * domain is the recipe's canonical app, whose domain lock the run already holds.
 *
 * <p>Setup: refuse when the host has no canonical app of the recipe (with the command that makes
 * one); repair it first when a killed run left it changed (the mark) or it is not at its release;
 * then mark it as changed by this run, before anything changes it. The upgrade rung then moves it
 * to the PR head (see {@code UpgradeTier}). Teardown: restore it to its release and snapshot
 * (whatever the verdict, SIGTERM and the deadline included), and only then remove the mark.
 *
 * <p>Deploy plan: the upgrade to the PR head and the release's redeploy at teardown, plus one when
 * the app had to be repaired first.
 */
public final class QuickLane {
    private final RunContext run;
    private final RunPlatform platform;
    private final RunWorkspace workspace;
    private final RecipeProfile profile;
    private final AppDeployer deployer;
    private final Consumer<String> progress;
    private final CanonicalStore store;
    private CanonicalRecord record;
    private boolean marked;

    public QuickLane(RunContext run, RunPlatform platform, RunWorkspace workspace, RecipeProfile profile,
            AppDeployer deployer, Consumer<String> progress) {
        this.run = run;
        this.platform = platform;
        this.workspace = workspace;
        this.profile = profile;
        this.deployer = deployer;
        this.progress = progress;
        this.store = CanonicalStore.from(run.settings());
    }

    public void setUp() throws Exception {
        String recipe = run.spec().recipe();
        if (!profile.needs().isEmpty()) {
            throw new InfrastructureException("the quick lane does not support recipes that need other apps yet ("
                    + recipe + " needs " + profile.needs().stream().map(Needs::recipe).toList() + "): run `!testme`");
        }
        record = store.record(recipe).orElseThrow(() -> new InfrastructureException("the quick lane needs a canonical"
                + " app of " + recipe + " and this host has none (in " + store.directory() + "). Create one with `bin/ccci"
                + " canonical " + recipe + " promote`, or run the full ladder (`!testme` without --quick)."));
        if (!record.domain().equals(run.domain())) {
            throw new InfrastructureException("the canonical app of " + recipe + " is recorded at " + record.domain()
                    + " but this run's canonical domain is " + run.domain() + " (a different CCCI_DOMAIN_SUFFIX?)");
        }
        run.store().put(CanonicalRecord.class, record);
        Optional<CanonicalMark> left = store.mark(recipe);
        String label = deployer.app().versionLabel().orElse("(not deployed)");
        boolean repair = left.isPresent() || !label.equals(record.version());
        workspace.deploys().expectDeploys((repair ? 1 : 0) + 2);
        if (repair) {
            String why = left.map(CanonicalMark::describe).orElse("it runs " + label + ", not its release " + record.version());
            progress.accept("!! canonical app " + record.domain() + " was left changed (" + why + "); restoring it before"
                    + " anything else");
            run.events().emit("canonical.repair", Map.of("domain", record.domain(), "why", why));
            restore("repair of the canonical app");
            store.clearMark(recipe);
            run.events().emit("canonical.restored", Map.of("domain", record.domain(), "version", record.version()));
        }
        store.putMark(recipe, new CanonicalMark(run.runId(), ProcessHandle.current().pid(), Instant.now().toString()));
        marked = true;
        run.events().emit("canonical.marked", Map.of("domain", record.domain(), "version", record.version()));
        // The upgrade rung's data check reads back what promotion seeded: the canonical app's real data.
        if (record.seed().isPresent()) {
            run.store().require(OpState.class).put(OpState.SEEDED, record.seed().get());
        }
        run.store().put(RecipeApp.class, deployer.app());
    }

    /**
     * Teardown: back to the release and snapshot, then the mark goes. A failure keeps the mark. When
     * the budget after an abort is spent, the restore stops where it is (abra and the waits are
     * interrupted), and the failure says so: the mark stays, and the janitor or the next quick run
     * restores the app once this run has ended.
     */
    public void tearDown(TeardownBudget budget) throws Exception {
        if (!marked) {
            return; // nothing of the canonical app was changed by this run
        }
        try {
            restore("return of the canonical app to its release");
        } catch (InterruptedException e) {
            if (!budget.spent()) {
                throw e;
            }
            Thread.interrupted(); // the budget's interrupt, not an abort of what follows
            progress.accept("== canonical " + record.domain() + ": restore stopped, its budget after the abort was spent ==");
            throw new InfrastructureException("return of canonical app " + record.domain() + " to its release stopped when"
                    + " the teardown budget of " + budget.budget().toSeconds() + " s after the abort was spent; it keeps its"
                    + " mark (" + store.directory().resolve(record.recipe()) + "/changed.json): the janitor or the next quick"
                    + " run restores it once this run has ended", e);
        }
        store.clearMark(record.recipe());
        run.events().emit("canonical.restored", Map.of("domain", record.domain(), "version", record.version()));
    }

    private void restore(String purpose) throws InterruptedException {
        new CanonicalRestorer(platform.abra(), platform.runner(), AbraHome.from(run.settings()), platform.docker(), progress)
                .restore(record, profile.deployTimeout(),
                () -> workspace.deploys().recordDeploy(purpose + " (" + record.version() + ")"), deployer.env().file());
    }
}
