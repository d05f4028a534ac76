package org.coopcloud.ccci.harness.profile;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.coopcloud.ccci.engine.Constants;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.discovery.TierCatalog;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.harness.deploy.HttpProbe;

/** A recipe's profile with its defaults applied: what the harness reads, never the annotation itself. */
public record RecipeProfile(String healthService, HttpProbe health, Duration deployTimeout, Duration healthTimeout,
        BackupCapability backup, Map<Stage, String> notApplicable, Optional<String> upgradeBase,
        Map<String, String> env, List<Class<? extends InstallSteps>> installSteps,
        List<Class<? extends ReadinessProbe>> readinessProbes, Optional<Class<? extends DataSeed>> dataSeed,
        boolean stateless, HealthVia healthVia, List<Class<? extends SecretValues>> secretValues,
        List<Class<? extends BackupProbe>> backupProbes, int backupAttempts, List<Needs> needs,
        Optional<Class<? extends Tenancy>> tenancy, boolean deployTimeoutDeclared) {

    /** The deploy timeout when neither the profile, the operator nor the recipe's timeout label sets one. */
    public static final Duration DEFAULT_DEPLOY_TIMEOUT = Duration.ofSeconds(300);

    public static final String DEPLOY_TIMEOUT_PARAMETER = "ccci.deploy.timeout.seconds";
    public static final String DEPLOY_TIMEOUT_ENV = "CCCI_DEPLOY_TIMEOUT_SECONDS";

    /**
     * The profile of the run's recipe: its {@link Profile} annotation, or every default. An operator's
     * {@code ccci.deploy.timeout.seconds} ({@code CCCI_DEPLOY_TIMEOUT_SECONDS}) wins over the profile's.
     */
    public static RecipeProfile of(RunContext run) {
        return of(run.profileClass(), run.settings());
    }

    /** The profile of the recipe of this name, found on the classpath (a dependency's, a canonical app's). */
    public static RecipeProfile ofRecipe(String recipe, org.coopcloud.ccci.engine.api.Settings settings) {
        return of(TierCatalog.scan(List.of(Constants.DEFAULT_SCAN_PACKAGES)).profile(recipe), settings);
    }

    /** The same for any recipe's profile class (a dependency's, a canonical app's). */
    public static RecipeProfile of(Optional<Class<?>> profileClass, org.coopcloud.ccci.engine.api.Settings settings) {
        RecipeProfile resolved = ofClass(profileClass);
        Optional<String> timeout = settings.get(DEPLOY_TIMEOUT_PARAMETER, DEPLOY_TIMEOUT_ENV);
        if (timeout.isEmpty()) {
            return resolved;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timeout.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(DEPLOY_TIMEOUT_PARAMETER + " (env " + DEPLOY_TIMEOUT_ENV + "): '"
                    + timeout.get() + "' is not a number of seconds");
        }
        if (seconds <= 0) {
            // A zero or negative wait would blame the app for a deploy that "did not converge".
            throw new IllegalArgumentException(DEPLOY_TIMEOUT_PARAMETER + " (env " + DEPLOY_TIMEOUT_ENV + "): '"
                    + timeout.get() + "' is not a positive number of seconds");
        }
        return new RecipeProfile(resolved.healthService(), resolved.health(), Duration.ofSeconds(seconds),
                resolved.healthTimeout(), resolved.backup(), resolved.notApplicable(), resolved.upgradeBase(),
                resolved.env(), resolved.installSteps(), resolved.readinessProbes(), resolved.dataSeed(),
                resolved.stateless(), resolved.healthVia(), resolved.secretValues(), resolved.backupProbes(),
                resolved.backupAttempts(), resolved.needs(), resolved.tenancy(), true);
    }

    /** The profile a recipe's profile class declares (every default without one), before any operator override. */
    public static RecipeProfile ofClass(Optional<Class<?>> profileClass) {
        Profile profile = profileClass.map(c -> c.getAnnotation(Profile.class)).orElse(null);
        return from(profile != null ? profile : Defaults.PROFILE);
    }

    static RecipeProfile from(Profile profile) {
        Map<Stage, String> skips = new LinkedHashMap<>();
        for (NotApplicable skip : profile.notApplicable()) {
            skips.put(skip.stage(), skip.reason());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : profile.env()) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@Profile env entry '" + line + "' is not KEY=value");
            }
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        if (profile.backupAttempts() < 1) {
            throw new IllegalArgumentException("@Profile backupAttempts must be 1 or more, got " + profile.backupAttempts());
        }
        Set<Integer> accepted = Arrays.stream(profile.acceptedStatus()).boxed().collect(Collectors.toSet());
        HttpProbe health = HttpProbe.of(profile.healthPort()).withPath(profile.healthPath()).accepting(accepted);
        if (profile.deployTimeoutSeconds() < 0) {
            throw new IllegalArgumentException("@Profile deployTimeoutSeconds must be 0 (the recipe's timeout label) or more, got "
                    + profile.deployTimeoutSeconds());
        }
        boolean declared = profile.deployTimeoutSeconds() > 0;
        return new RecipeProfile(profile.healthService(), health,
                declared ? Duration.ofSeconds(profile.deployTimeoutSeconds()) : DEFAULT_DEPLOY_TIMEOUT,
                Duration.ofSeconds(profile.healthTimeoutSeconds()), profile.backup(), Map.copyOf(skips),
                Optional.of(profile.upgradeBase()).filter(s -> !s.isBlank()), Map.copyOf(env),
                List.of(profile.installSteps()), List.of(profile.readinessProbes()),
                Arrays.stream(profile.dataSeed()).findFirst(), profile.stateless(), profile.healthVia(),
                List.of(profile.secretValues()), List.of(profile.backupProbes()), profile.backupAttempts(),
                List.of(profile.needs()), Arrays.stream(profile.tenancy()).findFirst(), declared);
    }

    /** The deploy timeout the profile or the operator set, if either did (else the recipe's label decides: DeployTimeout). */
    public Optional<Duration> declaredDeployTimeout() {
        return deployTimeoutDeclared ? Optional.of(deployTimeout) : Optional.empty();
    }

    /** A new instance of the recipe's data seed, if it declares one. */
    public Optional<DataSeed> newDataSeed() {
        return dataSeed.map(org.junit.platform.commons.support.ReflectionSupport::newInstance);
    }

    /** A new instance of the recipe's tenancy, if it hands out tenants when kept warm. */
    public Optional<Tenancy> newTenancy() {
        return tenancy.map(org.junit.platform.commons.support.ReflectionSupport::newInstance);
    }

    /** A {@link Profile} with every default, for recipes that have no profile class. */
    private static final class Defaults {
        @Profile
        private static final class Holder {
        }

        static final Profile PROFILE = Holder.class.getAnnotation(Profile.class);

        private Defaults() {
        }
    }

}
