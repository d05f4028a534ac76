package org.coopcloud.ccci.harness.canonical;

import java.nio.file.Path;
import java.time.Duration;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockOwners;
import org.coopcloud.ccci.harness.lock.LockProbe;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.workspace.AbraHome;

/** Builds the {@link CanonicalJanitor} from settings, for the janitor of a run and {@code bin/ccci janitor}. */
public final class CanonicalRepairs {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    private CanonicalRepairs() {
    }

    public static CanonicalJanitor janitor(Settings settings, AbraCli abra, ProcessRunner runner, DockerClient docker,
            EventLog events) {
        Path abraHome = AbraHome.from(settings);
        Duration timeout = settings.get(RecipeProfile.DEPLOY_TIMEOUT_PARAMETER, RecipeProfile.DEPLOY_TIMEOUT_ENV)
                .map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(DEFAULT_TIMEOUT);
        CanonicalRestorer restorer = new CanonicalRestorer(abra, runner, abraHome, docker, System.out::println);
        Path servers = abraHome.resolve("servers").resolve(AbraCli.SERVER);
        return new CanonicalJanitor(CanonicalStore.from(settings), new LockProbe(LockDirectory.from(settings), LockOwners.from(settings)),
                record -> restorer.restore(record, timeout, () -> { }, servers.resolve(record.domain() + ".env")),
                (provider, tenant) -> removeTenant(settings, docker, provider, tenant), events);
    }

    /** Shares the warm app as a run does (so no quick run or repair changes it meanwhile), then removes the tenant. */
    private static boolean removeTenant(Settings settings, DockerClient docker, CanonicalRecord provider, TenantRecord tenant)
            throws Exception {
        RecipeProfile profile = RecipeProfile.ofRecipe(provider.recipe(), settings);
        WarmProvider.Availability availability = WarmProvider.share(settings, provider.recipe(), provider.domain(), profile,
                docker, Ingress.from(settings));
        if (!(availability instanceof WarmProvider.Ready ready)) {
            System.out.println("janitor: " + ((WarmProvider.Unavailable) availability).reason());
            return false;
        }
        try (WarmProvider warm = ready.provider()) {
            warm.closeTenant(tenant.tenant());
        }
        return true;
    }
}
