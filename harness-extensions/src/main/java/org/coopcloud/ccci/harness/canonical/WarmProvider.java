package org.coopcloud.ccci.harness.canonical;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.SharedLock;
import org.coopcloud.ccci.harness.posix.PosixException;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.profile.Tenancy;
import org.coopcloud.ccci.harness.workspace.AbraHome;

/**
 * A warm dependency: the host's canonical app of a recipe whose profile declares a {@link
 * Tenancy}, shared by the runs that need it, each with a tenant of its own. Sharing holds the
 * canonical app's lock shared ({@link SharedLock}) until {@link #close()}, so no quick run, {@code
 * bin/ccci canonical} command or janitor repair changes the app under a tenant; it is taken without
 * waiting, and only when the app is clean: at its release, without the mark of a killed quick run,
 * and serving. Otherwise {@link #share} says why, and the run deploys a dependency of its own.
 */
public final class WarmProvider implements AutoCloseable {
    /** Whether a recipe's canonical app can be shared now. */
    public sealed interface Availability permits Ready, Unavailable {
    }

    /** Shared: the caller holds the lock until it closes the provider. */
    public record Ready(WarmProvider provider) implements Availability {
    }

    /** Not shared (nothing is held), and why, for the run's log. */
    public record Unavailable(String reason) implements Availability {
    }

    private final CanonicalStore store;
    private final CanonicalRecord record;
    private final SharedLock lock;
    private final RecipeApp app;
    private final Tenancy tenancy;

    private WarmProvider(CanonicalStore store, CanonicalRecord record, SharedLock lock, RecipeApp app, Tenancy tenancy) {
        this.store = store;
        this.record = record;
        this.lock = lock;
        this.app = app;
        this.tenancy = tenancy;
    }

    /**
     * Shares the recipe's canonical app when it is clean.
     *
     * @param domain  the canonical domain under this run's suffix (a record at another domain is not ours)
     * @param profile the recipe's profile (its health check, and its tenancy)
     */
    public static Availability share(Settings settings, String recipe, String domain, RecipeProfile profile,
            DockerClient docker, Ingress ingress) throws InterruptedException {
        Optional<Tenancy> tenancy = profile.newTenancy();
        if (tenancy.isEmpty()) {
            return new Unavailable(recipe + " hands out no tenants (its profile declares no tenancy)");
        }
        CanonicalStore store = CanonicalStore.from(settings);
        Optional<CanonicalRecord> record;
        try {
            record = store.record(recipe);
        } catch (CorruptStateException e) {
            return new Unavailable(e.getMessage()); // the run deploys a dependency of its own
        }
        if (record.isEmpty()) {
            return new Unavailable("this host has no canonical app of " + recipe + " (`bin/ccci canonical " + recipe
                    + " promote` makes one)");
        }
        if (!record.get().domain().equals(domain)) {
            return new Unavailable("the canonical app of " + recipe + " is at " + record.get().domain() + ", not " + domain);
        }
        Optional<SharedLock> lock;
        try {
            lock = SharedLock.tryAcquire(LockDirectory.from(settings), domain);
        } catch (PosixException e) {
            return new Unavailable("cannot take the shared lock of " + domain + ": " + e.getMessage());
        }
        if (lock.isEmpty()) {
            return new Unavailable(domain + " is in use by a quick run, a canonical command or a repair, or one is waiting for it");
        }
        boolean keep = false;
        try {
            // Checked under the lock: nobody can mark or change the app from here until we let go.
            Optional<CanonicalMark> mark = store.mark(recipe);
            if (mark.isPresent()) {
                return new Unavailable(domain + " was left changed (" + mark.get().describe() + "); the janitor or the"
                        + " next quick run restores it");
            }
            RecipeApp app = new RecipeApp(recipe, domain, RunNaming.stack(domain),
                    new AppEnv(AbraHome.from(settings).resolve("servers").resolve(AbraCli.SERVER).resolve(domain + ".env")),
                    docker, ingress);
            String label = app.versionLabel().orElse("(not deployed)");
            if (!label.equals(record.get().version())) {
                return new Unavailable(domain + " runs " + label + ", not its release " + record.get().version());
            }
            HealthCheckResult health = app.checkHealth(profile);
            if (!health.healthy()) {
                return new Unavailable(domain + " does not serve: " + health.detail());
            }
            keep = true;
            return new Ready(new WarmProvider(store, record.get(), lock.get(), app, tenancy.get()));
        } finally {
            if (!keep) {
                lock.get().close();
            }
        }
    }

    public RecipeApp app() {
        return app;
    }

    public String version() {
        return record.version();
    }

    /** Records the tenant, then makes it; it must then be in the app's list. */
    public void openTenant(TenantRecord tenant) throws Exception {
        store.putTenant(record.recipe(), tenant);
        tenancy.create(app, tenant.tenant());
        if (!tenancy.tenants(app).contains(tenant.tenant())) {
            throw new IllegalStateException("the tenant " + tenant.tenant() + " was created but " + app.domain()
                    + " does not list it");
        }
    }

    /** Removes the tenant and proves it gone, then forgets its record; a tenant still listed keeps it. */
    public void closeTenant(String tenant) throws Exception {
        tenancy.remove(app, tenant);
        Set<String> left = tenancy.tenants(app);
        if (left.contains(tenant)) {
            throw new InfrastructureException("the tenant " + tenant + " is still in " + app.domain()
                    + " after its removal (kept its record; the janitor removes it once this run has ended)");
        }
        try {
            store.forgetTenant(record.recipe(), tenant);
        } catch (IOException e) {
            throw new InfrastructureException("cannot forget the tenant record of " + tenant + ": " + e.getMessage(), e);
        }
    }

    /** Lets go of the shared lock. */
    @Override
    public void close() {
        lock.close();
    }
}
