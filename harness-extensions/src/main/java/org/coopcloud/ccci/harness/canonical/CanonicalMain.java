package org.coopcloud.ccci.harness.canonical;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.Constants;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.AppTeardown;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.deploy.Convergence;
import org.coopcloud.ccci.harness.deploy.ConvergenceWait;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.app.NewAppEnv;
import org.coopcloud.ccci.harness.app.ServingWait;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.lock.AppLocker;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockOwners;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.profile.DataSeed;
import org.coopcloud.ccci.harness.profile.Needs;
import org.coopcloud.ccci.harness.profile.ReadinessProbe;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.engine.api.VersionOrder;
import org.coopcloud.ccci.harness.workspace.AbraHome;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * {@code bin/ccci canonical <recipe> check|newest|install|status|reset|remove}: the host's canonical
 * apps, outside any run. {@code bin/ccci canonical <recipe> promote} is {@code check} (can the
 * recipe have a canonical app at all: refused before anything runs), {@code newest} (when no version
 * is given), a cold {@code bin/ccci run} of that release, and, only if that run is green, {@code
 * install}. Every command that changes the app holds its domain lock (the lock a quick run takes)
 * for the rest of the process. abra works in a {@link PrivateAbraDir}, removed at exit. Exit 0 done; 1 failed; 2 usage; 3 the
 * recipe has no canonical app.
 */
public final class CanonicalMain {
    private static final Consumer<String> OUT = System.out::println;

    private final Settings settings;
    private final String recipe;
    private final CanonicalStore store;
    private final String domain;
    private final Path abraDir;
    private final AbraCli abra;
    private final DockerClient docker;

    private CanonicalMain(Settings settings, String recipe, Path abraDir) {
        this.settings = settings;
        this.recipe = recipe;
        this.store = CanonicalStore.from(settings);
        this.domain = RunNaming.canonicalDomain(recipe,
                settings.get(Constants.DOMAIN_SUFFIX, Constants.DOMAIN_SUFFIX_ENV).orElse(RunNaming.DEFAULT_DOMAIN_SUFFIX));
        this.abraDir = abraDir;
        ProcessRunner runner = new ProcessRunner().withEnvironment(Map.of("ABRA_DIR", abraDir.toString()));
        this.abra = AbraCli.locate(settings, runner, Duration.ofMinutes(15));
        this.docker = DockerClient.fromEnvironment();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !args[0].matches("[a-z0-9][a-z0-9-]*")) {
            System.err.println("usage: CanonicalMain <recipe> check|newest|install <version>|status|reset|remove");
            System.exit(2);
        }
        Settings settings = Environment.SETTINGS;
        Path home = AbraHome.from(settings);
        int status;
        try (PrivateAbraDir abraDir = PrivateAbraDir.create(home)) {
            CanonicalMain main = new CanonicalMain(settings, args[0], abraDir.path());
            status = switch (args[1]) {
                case "check" -> main.check();
                case "newest" -> main.newest();
                case "install" -> args.length == 3 ? main.install(args[2]) : usage();
                case "status" -> main.status();
                case "reset" -> main.reset();
                case "remove" -> main.remove();
                default -> usage();
            };
        } catch (Exception e) {
            System.err.println("canonical " + args[0] + " " + args[1] + ": " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    private static int usage() {
        System.err.println("usage: bin/ccci canonical <recipe> promote [--version V]|status|reset|remove");
        return 2;
    }

    /**
     * Refuses, with the reason, a recipe that cannot have a canonical app: one whose profile needs
     * other apps (the quick lane does not support those yet). {@code promote} asks first, so the
     * refusal comes before its cold run deploys anything.
     */
    private int check() {
        RecipeProfile profile = profile();
        if (!profile.needs().isEmpty()) {
            System.err.println("canonical " + recipe + ": " + recipe + " needs other apps ("
                    + String.join(", ", profile.needs().stream().map(Needs::recipe).toList()) + ") and the quick lane does"
                    + " not support such recipes yet, so it gets no canonical app (test it with `bin/ccci run " + recipe
                    + "`, `!testme` without --quick)");
            return 1;
        }
        return 0;
    }

    /** Prints the recipe's newest published version. */
    private int newest() throws Exception {
        abra.recipeFetch(recipe);
        String tags = new ProcessRunner().run(Command.of(List.of("git", "-C", abraDir.resolve("recipes").resolve(recipe)
                .toString(), "tag", "--list"))).requireSuccess().stdout();
        List<String> versions = VersionOrder.versionTags(tags);
        if (versions.isEmpty()) {
            System.err.println(recipe + " has no published version: nothing to promote");
            return 1;
        }
        System.out.println(versions.get(versions.size() - 1));
        return 0;
    }

    /**
     * Makes the release the canonical app (after its cold run was green): deploy, converge, serve,
     * seed the profile's data, take the snapshot, record. A failure leaves nothing behind.
     */
    private int install(String version) throws Exception {
        if (check() != 0) {
            return 1;
        }
        lock();
        RecipeProfile profile = profile();
        if (!profile.stateless() && profile.newDataSeed().isEmpty()) {
            // Without a seed the quick lane's data check has nothing to read back; say so, but allow it.
            OUT.accept("== canonical " + recipe + ": the profile declares no data seed; quick runs cannot check data ==");
        }
        takeDown("replacing the previous canonical app");
        try {
            abra.appNew(recipe, Optional.of(version), domain, false);
            NewAppEnv.apply(env(), profile);
            Instant began = Instant.now();
            abra.deploy(domain, Optional.of(version), false);
            Convergence convergence = new ConvergenceWait(docker, OUT).await(RunNaming.stack(domain), profile.deployTimeout(), began);
            if (!convergence.converged()) {
                throw new IllegalStateException("the release " + version + " did not converge: " + convergence.describe());
            }
            HealthCheckResult serving = ServingWait.await(app(), profile);
            if (!serving.healthy()) {
                throw new IllegalStateException("the app does not serve: " + serving.detail());
            }
            RecipeApp app = app();
            for (Class<? extends ReadinessProbe> probe : profile.readinessProbes()) {
                ReflectionSupport.newInstance(probe).check(app);
            }
            Optional<String> seed = Optional.empty();
            Optional<DataSeed> dataSeed = profile.newDataSeed();
            if (dataSeed.isPresent()) {
                byte[] random = new byte[6];
                new SecureRandom().nextBytes(random);
                seed = Optional.of("ccci-canonical-" + HexFormat.of().formatHex(random));
                dataSeed.get().seed(app, seed.get());
            }
            Optional<String> snapshot = profile.stateless() ? Optional.empty() : Optional.of(abra.backupCreate(domain));
            store.clearMark(recipe);
            store.write(new CanonicalRecord(recipe, domain, version, snapshot, seed, Instant.now().toString()));
            OUT.accept("canonical " + recipe + ": " + domain + " holds " + version
                    + snapshot.map(s -> ", snapshot " + s).orElse(" (stateless: no snapshot)"));
            return 0;
        } catch (Exception | AssertionError e) {
            System.err.println("canonical " + recipe + ": promoting " + version + " failed (" + e.getMessage()
                    + "); taking the half-made app down");
            takeDown("after the failed promotion");
            return 1;
        }
    }

    private int status() throws Exception {
        Optional<CanonicalRecord> record = store.record(recipe);
        if (record.isEmpty()) {
            System.out.println("canonical " + recipe + ": none on this host (create one with: bin/ccci canonical "
                    + recipe + " promote)");
            return 3;
        }
        String label = app().versionLabel().orElse("not deployed");
        System.out.println("canonical " + recipe + ": " + record.get().domain() + ", release " + record.get().version()
                + ", promoted " + record.get().promotedAt() + ", snapshot " + record.get().snapshot().orElse("(none)"));
        System.out.println("deployed: " + label);
        System.out.println("state: " + store.mark(recipe).map(m -> "CHANGED, " + m.describe()
                + " (a run holding it is live; otherwise the next quick run, the janitor or `reset` restores it)")
                .orElse(label.equals(record.get().version()) ? "clean" : "CHANGED (not at its release; run reset)"));
        if (profile().tenancy().isPresent()) {
            // A warm dependency: runs that need the recipe share it, each with a tenant of its own.
            List<TenantRecord> tenants = store.tenants(recipe);
            System.out.println("tenants: " + (tenants.isEmpty() ? "none" : tenants.size() + " (" + String.join(", ",
                    tenants.stream().map(t -> t.tenant() + " of run " + t.runId() + " at " + t.ownerDomain()).toList())
                    + ")") + "; runs that need " + recipe + " share this app");
        }
        return 0;
    }

    private int reset() throws Exception {
        Optional<CanonicalRecord> record = store.record(recipe);
        if (record.isEmpty()) {
            return status();
        }
        lock();
        new CanonicalRestorer(abra, new ProcessRunner(), AbraHome.from(settings), docker, OUT)
                .restore(record.get(), profile().deployTimeout(), () -> { }, env().file());
        store.clearMark(recipe);
        return 0;
    }

    private int remove() throws Exception {
        lock();
        takeDown("remove");
        store.forget(recipe);
        System.out.println("canonical " + recipe + ": removed; nothing of " + domain + " remains");
        return 0;
    }

    private void takeDown(String why) throws InterruptedException {
        if (Files.exists(env().file()) || !app().services().isEmpty()) {
            OUT.accept("== canonical " + recipe + ": taking " + domain + " down (" + why + ") ==");
            new AppTeardown(abra, docker, OUT).tearDown(domain, RunNaming.stack(domain), env());
        }
    }

    private void lock() throws Exception {
        new AppLocker(LockDirectory.from(settings), LockOwners.from(settings)).acquire(domain, (d, path) -> System.out.println(
                "== canonical " + recipe + ": a run holds " + d + " (" + path + "); waiting ... =="));
    }

    private RecipeProfile profile() {
        return RecipeProfile.ofRecipe(recipe, settings);
    }

    private AppEnv env() {
        return new AppEnv(abraDir.resolve("servers").resolve(AbraCli.SERVER).resolve(domain + ".env"));
    }

    private RecipeApp app() {
        return new RecipeApp(recipe, domain, RunNaming.stack(domain), env(), docker, Ingress.from(settings));
    }

    /** Settings from system properties, then the environment (as {@code bin/ccci janitor} reads them). */
    private static final class Environment {
        static final Settings SETTINGS = new Settings() {
            @Override
            public Optional<String> get(String parameter, String envVar) {
                return Optional.ofNullable(System.getProperty(parameter)).filter(v -> !v.isBlank()).or(() -> env(envVar));
            }

            @Override
            public Optional<String> env(String envVar) {
                return Optional.ofNullable(envVar == null ? null : System.getenv(envVar)).filter(v -> !v.isBlank());
            }
        };
    }
}
