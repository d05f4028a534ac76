package org.coopcloud.ccci.harness.profile;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A recipe's profile: put it on the recipe's {@code @Recipe} class in recipe-suites. Every key has
 * a default that suits a typical Co-op Cloud recipe, so a recipe without a profile runs too.
 * docs/writing-a-recipe-suite.md describes each key.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Profile {
    /**
     * Where the health check reaches the app: by its domain through the ingress (the default, as users
     * do; the port is the recipe's traefik label), or from inside {@link #healthService} at
     * {@link #healthPort}.
     */
    HealthVia healthVia() default HealthVia.INGRESS;

    /** With {@code healthVia = SERVICE}: the service whose HTTP answer says the app serves (its name in compose.yml). */
    String healthService() default "app";

    /** With {@code healthVia = SERVICE}: the port inside {@link #healthService}'s task. */
    int healthPort() default 80;

    String healthPath() default "/";

    /** HTTP statuses that count as serving. */
    int[] acceptedStatus() default {200, 301, 302};

    /**
     * How long a deploy may take to converge, in seconds; 0 (the default): the recipe's own
     * {@code coop-cloud.${STACK_NAME}.timeout} label, as abra waits, else 300.
     */
    int deployTimeoutSeconds() default 0;

    /** How long the app may take to answer its health check once converged. */
    int healthTimeoutSeconds() default 60;

    /** Whether the recipe can be backed up; AUTO reads the backupbot labels of its compose files. */
    BackupCapability backup() default BackupCapability.AUTO;

    /**
     * Read-only probes that prove a backup holds the data (the dump is complete and has the seeded
     * rows); the backup rung fails, with the probe's words, when they fail on every attempt.
     */
    Class<? extends BackupProbe>[] backupProbes() default {};

    /** How many backups the backup rung takes at most while a backup probe fails (a flaky capture). */
    int backupAttempts() default 3;

    /** Rungs declared not applicable, with the reason: a declared skip lets the level climb past them. */
    NotApplicable[] notApplicable() default {};

    /** The version the upgrade rung starts from; empty means the second newest version tag. */
    String upgradeBase() default "";

    /** Extra {@code KEY=value} lines written into the app's .env after {@code abra app new}. */
    String[] env() default {};

    /**
     * The recipe keeps no data: the upgrade rung's data check passes without a data seed. (A recipe
     * that keeps data but has no data seed gets an unverified upgrade, never a pass.)
     */
    boolean stateless() default false;

    /** How the upgrade and restore rungs seed and check data; none means they cannot check data. */
    Class<? extends DataSeed>[] dataSeed() default {};

    /**
     * Without a {@link #dataSeed}, the upgrade and restore rungs check data with cc-ci's own marker
     * file in each named volume of the stack (written and read from outside the app's containers).
     * {@code false} opts out: those rungs' data checks then stay unverified, saying so. A recipe
     * whose app cannot live with a foreign file in its volume opts out.
     */
    boolean volumeMarkers() default true;

    /**
     * Values for the recipe's {@code # generate=false} secrets (abra never generates those). A secret
     * no supplier gives a value is inserted with a generated value, and the run says so.
     */
    Class<? extends SecretValues>[] secretValues() default {};

    /** Run after {@code abra app new} and before every deploy of the app. */
    Class<? extends InstallSteps>[] installSteps() default {};

    /** Extra readiness probes, run after install and after upgrade, once the app converged. */
    Class<? extends ReadinessProbe>[] readinessProbes() default {};

    /** Apps the recipe needs, deployed before it in this order and torn down after it in reverse. */
    Needs[] needs() default {};

    /**
     * For a recipe other recipes need (a single sign-on provider): how its app hands each run an
     * isolated tenant of its own (a realm, an organisation). With one, a run whose app needs this
     * recipe uses the host's canonical app of it (kept warm, see {@code bin/ccci canonical}) and a
     * tenant in it, instead of deploying its own; at most one.
     */
    Class<? extends Tenancy>[] tenancy() default {};
}
