package org.coopcloud.ccci.harness.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.Constants;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.harness.canonical.TenantRecord;
import org.coopcloud.ccci.harness.canonical.WarmProvider;
import org.coopcloud.ccci.harness.deploy.Convergence;
import org.coopcloud.ccci.harness.deploy.ConvergenceWait;
import org.coopcloud.ccci.harness.deploy.DeployTimeout;
import org.coopcloud.ccci.harness.deploy.StackObjects;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.lifetime.TeardownBudget;
import org.coopcloud.ccci.harness.lock.AppLock;
import org.coopcloud.ccci.harness.lock.AppLocker;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockOwners;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.posix.PosixException;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.profile.DependencyWiring;
import org.coopcloud.ccci.harness.profile.Needs;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.engine.api.VersionOrder;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Deploys the apps the recipe needs, before the app, each on its own run-app domain derived from
 * the app's (under its own app lock, taken after the app's: only the holder of the app's lock ever
 * takes it), counted by the deploy guard, at its newest release (or the version an operator pins
 * with {@code CCCI_DEPENDENCY_VERSIONS=recipe=version,...}), converged and serving by its own
 * profile. A dependency that does not come up is an infrastructure failure of this run, never the
 * recipe's level 0. The wiring runs at every creation of the app ({@link AppDeployer#create}).
 *
 * <p>A dependency whose profile declares a {@link org.coopcloud.ccci.harness.profile.Tenancy} is
 * instead had, when the host keeps a clean canonical app of it, as the run's own tenant in that warm
 * app ({@link WarmProvider}): no deploy, the tenant made before the wiring and removed at teardown.
 */
public final class DependencyDeployer {
    public static final String VERSIONS_PARAMETER = "ccci.dependency.versions";
    public static final String VERSIONS_ENV = "CCCI_DEPENDENCY_VERSIONS";

    private final RunContext run;
    private final RunPlatform platform;
    private final RunWorkspace workspace;
    private final Consumer<String> progress;
    private final Dependencies dependencies;
    /** Read once, by {@link #plan}, for {@link #deployAll}: each dependency's profile and the operator's pins. */
    private final Map<String, RecipeProfile> profiles = new LinkedHashMap<>();
    private Map<String, String> pinned = Map.of();

    public DependencyDeployer(RunContext run, RunPlatform platform, RunWorkspace workspace, Dependencies dependencies,
            Consumer<String> progress) {
        this.run = run;
        this.platform = platform;
        this.workspace = workspace;
        this.dependencies = dependencies;
        this.progress = progress;
    }

    /**
     * Decides, in the profile's order, how the run has each dependency, and registers each before
     * anything of it exists: its own tenant in a warm canonical app when the dependency's profile
     * declares a tenancy and the host has a clean one to share (never when an operator pins the
     * dependency's version), else an app deployed for the run, whose lock is taken now. Returns how
     * many dependencies the run deploys: its deploy plan's share.
     */
    public int plan(List<Needs> needs) throws InterruptedException {
        pinned = pinnedVersions();
        // The configured suffix, not the tail of the run's domain: that of a canonical app has more labels.
        String suffix = run.settings().get(Constants.DOMAIN_SUFFIX, Constants.DOMAIN_SUFFIX_ENV)
                .orElse(RunNaming.DEFAULT_DOMAIN_SUFFIX);
        Ingress ingress = run.store().get(Ingress.class).orElseGet(() -> Ingress.from(run.settings()));
        int cold = 0;
        for (Needs need : needs) {
            String recipe = need.recipe();
            RecipeProfile profile = RecipeProfile.ofRecipe(recipe, run.settings());
            profiles.put(recipe, profile);
            Optional<WarmProvider> warm = pinned.containsKey(recipe) || profile.tenancy().isEmpty() ? Optional.empty()
                    : share(recipe, RunNaming.canonicalDomain(recipe, suffix), profile, ingress);
            if (warm.isPresent()) {
                // Registered at once: from here teardown lets go of the shared lock, whatever happens.
                dependencies.register(recipe, warm.get().app(), Optional.of(RunNaming.tenantName(run.domain())), warm);
                continue;
            }
            cold++;
            String domain = RunNaming.dependencyDomain(run.domain(), recipe, suffix);
            try {
                AppLock lock = new AppLocker(LockDirectory.from(run.settings()), LockOwners.from(run.settings())).acquire(domain, (d, path) -> run.events()
                        .emit("lock.waiting", Map.of("domain", d, "path", path.toString())));
                run.events().emit("lock.acquired", Map.of("domain", lock.domain(), "path", lock.path().toString()));
            } catch (PosixException e) {
                throw new InfrastructureException("cannot take the app lock of the dependency " + domain + ": "
                        + e.getMessage(), e);
            }
            AppEnv env = new AppEnv(workspace.abraDir().resolve("servers").resolve("default").resolve(domain + ".env"));
            dependencies.register(recipe, new RecipeApp(recipe, domain, RunNaming.stack(domain), env, platform.docker(),
                    ingress), Optional.empty(), Optional.empty());
        }
        return cold;
    }

    private Optional<WarmProvider> share(String recipe, String domain, RecipeProfile profile, Ingress ingress)
            throws InterruptedException {
        WarmProvider.Availability availability = WarmProvider.share(run.settings(), recipe, domain, profile,
                platform.docker(), ingress);
        if (availability instanceof WarmProvider.Ready ready) {
            return Optional.of(ready.provider());
        }
        progress.accept("== dependency " + recipe + ": no warm app to share ("
                + ((WarmProvider.Unavailable) availability).reason() + "); deploying one for this run ==");
        return Optional.empty();
    }

    /** Brings up every dependency {@link #plan} registered, in order: its tenant in the warm app, or its own deploy. */
    public void deployAll() throws InterruptedException {
        for (Dependencies.Dependency dependency : dependencies.inDeployOrder()) {
            if (dependency.warm().isPresent()) {
                openTenant(dependency);
            } else {
                deploy(dependency, Optional.ofNullable(pinned.get(dependency.recipe())));
            }
        }
    }

    private void openTenant(Dependencies.Dependency dependency) throws InterruptedException {
        WarmProvider warm = dependency.warm().orElseThrow();
        String tenant = dependency.tenant().orElseThrow();
        Map<String, Object> fields = Map.of("recipe", dependency.recipe(), "domain", warm.app().domain(), "tenant", tenant,
                "version", warm.version());
        run.events().emit("dependency.tenant", fields);
        progress.accept("== dependency " + dependency.recipe() + ": tenant " + tenant + " in the warm " + warm.app().domain()
                + " (" + warm.version() + ") ==");
        try {
            dependency.tenantRecorded(true); // the record goes first: teardown and the janitor remove any part made
            warm.openTenant(new TenantRecord(tenant, run.domain(), run.runId(), Instant.now().toString()));
            run.events().emit("dependency.done", fields);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new InfrastructureException("the dependency " + dependency.recipe() + ": the tenant " + tenant + " in "
                    + warm.app().domain() + " could not be made: " + e.getMessage(), e);
        }
    }

    private void deploy(Dependencies.Dependency dependency, Optional<String> pinned) throws InterruptedException {
        String recipe = dependency.recipe();
        RecipeApp app = dependency.app();
        String domain = app.domain();
        RecipeProfile profile = profiles.get(recipe);
        try {
            String version = pinned.isPresent() ? pinned.get() : newestRelease(recipe);
            run.events().emit("dependency.start", Map.of("recipe", recipe, "domain", domain, "version", version));
            workspace.deploys().recordDeploy("dependency " + recipe + " (" + version + ")");
            platform.abra().appNew(recipe, Optional.of(version), domain, false);
            NewAppEnv.apply(app.envFile(), profile);
            Instant began = Instant.now();
            platform.abra().deploy(domain, Optional.of(version), false);
            DeployTimeout timeout = DeployTimeout.of(profile.declaredDeployTimeout(), profile.deployTimeout(), app.stack(),
                    new StackObjects(platform.docker()).services(app.stack()));
            Convergence convergence = new ConvergenceWait(platform.docker(), progress).await(app.stack(), timeout.limit(), began);
            if (!convergence.converged()) {
                throw new IllegalStateException(convergence.describe());
            }
            HealthCheckResult serving = ServingWait.await(app, profile);
            if (!serving.healthy()) {
                throw new IllegalStateException("it converged but does not serve: " + serving.detail());
            }
            run.events().emit("dependency.done", Map.of("recipe", recipe, "domain", domain, "version", version));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new InfrastructureException("the dependency " + recipe + " (" + domain + ") did not deploy: "
                    + e.getMessage(), e);
        }
    }

    /** Runs every dependency's wiring into the app's .env; a failure is recorded, never thrown. */
    public static void wire(Dependencies dependencies, List<Needs> needs, AppEnv appEnv, Consumer<String> progress) {
        for (Dependencies.Dependency dependency : dependencies.inDeployOrder()) {
            Needs need = needs.stream().filter(n -> n.recipe().equals(dependency.recipe())).findFirst().orElseThrow();
            DependencyWiring wiring = ReflectionSupport.newInstance(need.wiring());
            try {
                wiring.wire(dependency, appEnv);
                dependency.wired();
            } catch (Exception | AssertionError e) {
                String reason = need.wiring().getSimpleName() + ": " + e.getMessage();
                dependency.wiringFailed(reason);
                progress.accept("!! wiring of the dependency " + dependency.recipe() + " failed (" + reason
                        + "); checks that need it will be unverified");
            }
        }
    }

    private String newestRelease(String recipe) throws InterruptedException {
        platform.abra().recipeFetch(recipe);
        String tags = platform.runner().run(Command.of(List.of("git", "-C", workspace.recipeDir(recipe).toString(), "tag",
                "--list"))).requireSuccess().stdout();
        List<String> versions = VersionOrder.versionTags(tags);
        if (versions.isEmpty()) {
            throw new IllegalStateException(recipe + " has no published version");
        }
        return versions.get(versions.size() - 1);
    }

    private Map<String, String> pinnedVersions() {
        Map<String, String> pinned = new LinkedHashMap<>();
        for (String entry : run.settings().get(VERSIONS_PARAMETER, VERSIONS_ENV).orElse("").split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException(VERSIONS_PARAMETER + " (env " + VERSIONS_ENV + "): '" + trimmed
                        + "' is not recipe=version");
            }
            pinned.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
        }
        return pinned;
    }

    /**
     * Tears the dependencies down in reverse order, each with its residual check: a deployed one is
     * removed whole, a tenant is removed from its warm app and proven gone, and the shared lock is
     * let go. Every one is tried.
     */
    public static List<Throwable> tearDownAll(Dependencies dependencies, AppTeardown teardown, TeardownBudget budget,
            Consumer<String> progress) {
        List<Throwable> failures = new ArrayList<>();
        List<Dependencies.Dependency> all = new ArrayList<>(dependencies.inDeployOrder());
        Collections.reverse(all);
        for (Dependencies.Dependency dependency : all) {
            try {
                if (dependency.warm().isPresent()) {
                    closeTenant(dependency, progress);
                } else {
                    teardown.tearDown(dependency.app().domain(), dependency.app().stack(), dependency.app().envFile(), budget);
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }
        return failures;
    }

    private static void closeTenant(Dependencies.Dependency dependency, Consumer<String> progress) throws Exception {
        WarmProvider warm = dependency.warm().orElseThrow();
        try {
            if (dependency.tenantRecorded()) {
                String tenant = dependency.tenant().orElseThrow();
                warm.closeTenant(tenant);
                progress.accept("== nothing of the tenant " + tenant + " remains in " + warm.app().domain() + " ==");
            }
        } finally {
            warm.close();
        }
    }
}
