package org.coopcloud.ccci.harness.profile;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
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

/**
 * A recipe's effective profile: its Java {@link Profile} (where the recipe has a suite) over its
 * {@value RecipeLocalFile#NAME} (where its repository has one) over the defaults, key by key. What the
 * harness reads, never the annotation or the file itself.
 *
 * @param operatorSecretFiles a {@code generate=false} secret -> the operator's file that holds its value
 *                            (from the recipe-local file; a Java {@link SecretValues} that supplies a
 *                            value wins)
 * @param volumeMarkers       whether the generic data checks may put a marker file in the app's volumes
 * @param checks              the recipe-local file's HTTP checks (the custom rung, with a suite's own)
 * @param sources             where a setting that did not keep its default came from ("health.path" ->
 *                            ".cc-ci.yml line 3" or "Java profile DemoWebProfile"), for reports
 */
public record RecipeProfile(String healthService, HttpProbe health, Duration deployTimeout, Duration healthTimeout,
        BackupCapability backup, Map<Stage, String> notApplicable, Optional<String> upgradeBase,
        Map<String, String> env, List<Class<? extends InstallSteps>> installSteps,
        List<Class<? extends ReadinessProbe>> readinessProbes, Optional<Class<? extends DataSeed>> dataSeed,
        boolean stateless, HealthVia healthVia, List<Class<? extends SecretValues>> secretValues,
        List<Class<? extends BackupProbe>> backupProbes, int backupAttempts, List<Needs> needs,
        Optional<Class<? extends Tenancy>> tenancy, Map<String, String> operatorSecretFiles, boolean volumeMarkers,
        List<RecipeLocalFile.HttpCheck> checks, Map<String, String> sources, boolean deployTimeoutDeclared) {

    /** The deploy timeout when neither the profile, the operator nor the recipe's timeout label sets one. */
    public static final Duration DEFAULT_DEPLOY_TIMEOUT = Duration.ofSeconds(300);

    public static final String DEPLOY_TIMEOUT_PARAMETER = "ccci.deploy.timeout.seconds";
    public static final String DEPLOY_TIMEOUT_ENV = "CCCI_DEPLOY_TIMEOUT_SECONDS";

    /**
     * The profile of the run's recipe: its {@link Profile} annotation over its recipe-local file (read
     * at the PR head into the run's store by {@code RecipeLocalFileExtension}) over every default. An
     * operator's {@code ccci.deploy.timeout.seconds} ({@code CCCI_DEPLOY_TIMEOUT_SECONDS}) wins over both.
     */
    public static RecipeProfile of(RunContext run) {
        return of(run.profileClass(), run.store().get(RecipeLocalFile.class).orElse(RecipeLocalFile.NONE),
                run.settings());
    }

    /** The profile of the recipe of this name, found on the classpath (a dependency's, a canonical app's). */
    public static RecipeProfile ofRecipe(String recipe, org.coopcloud.ccci.engine.api.Settings settings) {
        return of(TierCatalog.scan(List.of(Constants.DEFAULT_SCAN_PACKAGES)).profile(recipe), settings);
    }

    /** The same for any recipe's profile class (a dependency's, a canonical app's), without a recipe-local file. */
    public static RecipeProfile of(Optional<Class<?>> profileClass, org.coopcloud.ccci.engine.api.Settings settings) {
        return of(profileClass, RecipeLocalFile.NONE, settings);
    }

    /** A profile class over a recipe-local file, with the operator's deploy timeout applied. */
    public static RecipeProfile of(Optional<Class<?>> profileClass, RecipeLocalFile file,
            org.coopcloud.ccci.engine.api.Settings settings) {
        RecipeProfile resolved = merge(profileClass, file);
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
                resolved.backupAttempts(), resolved.needs(), resolved.tenancy(), resolved.operatorSecretFiles(),
                resolved.volumeMarkers(), resolved.checks(), resolved.sources(), true);
    }

    /** The profile a recipe's profile class declares (every default without one), before any operator override. */
    public static RecipeProfile ofClass(Optional<Class<?>> profileClass) {
        return merge(profileClass, RecipeLocalFile.NONE);
    }

    /**
     * Key by key: a Java profile's key that differs from its default wins; else the recipe-local file's
     * key, where it sets one; else the default. Maps (env, not applicable) merge entry by entry, the
     * Java profile's entry winning; the file's checks and the suite's tier classes both run.
     */
    static RecipeProfile merge(Optional<Class<?>> profileClass, RecipeLocalFile file) {
        Profile declared = profileClass.map(c -> c.getAnnotation(Profile.class)).orElse(null);
        Profile java = declared != null ? declared : Defaults.PROFILE;
        Profile defaults = Defaults.PROFILE;
        String javaSource = "Java profile " + profileClass.map(Class::getSimpleName).orElse("");
        Map<String, String> sources = new LinkedHashMap<>();

        Map<Stage, String> skips = new LinkedHashMap<>();
        file.notApplicable().forEach((stage, reason) -> {
            skips.put(stage, reason);
            sources.put("not_applicable." + stage.id(), file.where("not_applicable." + stage.id()));
        });
        for (NotApplicable skip : java.notApplicable()) {
            skips.put(skip.stage(), skip.reason());
            sources.put("not_applicable." + skip.stage().id(), javaSource);
        }
        Map<String, String> env = new LinkedHashMap<>();
        file.env().forEach((key, value) -> {
            env.put(key, value);
            sources.put("env." + key, file.where("env." + key));
        });
        for (String line : java.env()) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@Profile env entry '" + line + "' is not KEY=value");
            }
            env.put(line.substring(0, eq), line.substring(eq + 1));
            sources.put("env." + line.substring(0, eq), javaSource);
        }
        if (java.backupAttempts() < 1) {
            throw new IllegalArgumentException("@Profile backupAttempts must be 1 or more, got " + java.backupAttempts());
        }
        String healthPath = pick("health.path", !java.healthPath().equals(defaults.healthPath()), java.healthPath(),
                file.healthPath(), defaults.healthPath(), javaSource, file, sources);
        Set<Integer> javaAccepted = Arrays.stream(java.acceptedStatus()).boxed().collect(Collectors.toSet());
        Set<Integer> accepted = pick("health.status", !Arrays.equals(java.acceptedStatus(), defaults.acceptedStatus()),
                javaAccepted, file.acceptedStatus(), javaAccepted, javaSource, file, sources);
        BackupCapability backup = pick("backup", java.backup() != defaults.backup(), java.backup(), file.backup(),
                defaults.backup(), javaSource, file, sources);
        boolean stateless = pick("stateless", java.stateless(), true, file.stateless(), false, javaSource, file, sources);
        Optional<String> upgradeBase = Optional.ofNullable(pick("upgrade_base", !java.upgradeBase().isBlank(),
                java.upgradeBase(), file.upgradeBase(), null, javaSource, file, sources));
        boolean volumeMarkers = pick("volume_markers", java.volumeMarkers() != defaults.volumeMarkers(),
                java.volumeMarkers(), file.volumeMarkers(), defaults.volumeMarkers(), javaSource, file, sources);
        file.secretFiles().keySet().forEach(name -> sources.put("secrets." + name, file.where("secrets." + name)));
        HttpProbe health = HttpProbe.of(java.healthPort()).withPath(healthPath).accepting(accepted);
        if (java.deployTimeoutSeconds() < 0) {
            throw new IllegalArgumentException("@Profile deployTimeoutSeconds must be 0 (the recipe's timeout label) or more, got "
                    + java.deployTimeoutSeconds());
        }
        boolean timeoutDeclared = java.deployTimeoutSeconds() > 0;
        if (timeoutDeclared) {
            sources.put("deploy_timeout", javaSource);
        }
        return new RecipeProfile(java.healthService(), health,
                timeoutDeclared ? Duration.ofSeconds(java.deployTimeoutSeconds()) : DEFAULT_DEPLOY_TIMEOUT,
                Duration.ofSeconds(java.healthTimeoutSeconds()), backup, Map.copyOf(skips), upgradeBase,
                Map.copyOf(env), List.of(java.installSteps()), List.of(java.readinessProbes()),
                Arrays.stream(java.dataSeed()).findFirst(), stateless, java.healthVia(),
                List.of(java.secretValues()), List.of(java.backupProbes()), java.backupAttempts(),
                List.of(java.needs()), Arrays.stream(java.tenancy()).findFirst(), file.secretFiles(), volumeMarkers,
                file.checks(), Collections.unmodifiableMap(sources), timeoutDeclared);
    }

    /** The deploy timeout the profile or the operator set, if either did (else the recipe's label decides: DeployTimeout). */
    public Optional<Duration> declaredDeployTimeout() {
        return deployTimeoutDeclared ? Optional.of(deployTimeout) : Optional.empty();
    }

    /** One key: the Java profile's when it set one, else the file's when it set one, else the default. */
    private static <T> T pick(String key, boolean javaSet, T javaValue, Optional<T> fileValue, T defaultValue,
            String javaSource, RecipeLocalFile file, Map<String, String> sources) {
        if (javaSet) {
            sources.put(key, javaSource);
            return javaValue;
        }
        if (fileValue.isPresent()) {
            sources.put(key, file.where(key));
            return fileValue.get();
        }
        return defaultValue;
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
