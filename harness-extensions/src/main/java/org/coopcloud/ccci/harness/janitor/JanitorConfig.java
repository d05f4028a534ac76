package org.coopcloud.ccci.harness.janitor;

import java.time.Duration;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.lifetime.DeadlineSetting;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockOwners;

/**
 * The janitor's settings: where lockfiles live, which domains are run apps, and when a held lock is
 * implausibly old (twice the hard deadline: every healthy run ends within one).
 */
public record JanitorConfig(LockDirectory lockDirectory, String domainSuffix, Duration longHeldAfter, LockOwners lockOwners) {
    public static final String DOMAIN_SUFFIX_PARAMETER = "ccci.domain.suffix";
    public static final String DOMAIN_SUFFIX_ENV = "CCCI_DOMAIN_SUFFIX";

    /** With the host's lock owner records ({@link LockOwners#fromEnvironment()}). */
    public JanitorConfig(LockDirectory lockDirectory, String domainSuffix, Duration longHeldAfter) {
        this(lockDirectory, domainSuffix, longHeldAfter, LockOwners.fromEnvironment());
    }

    public static JanitorConfig from(Settings settings) {
        return new JanitorConfig(LockDirectory.from(settings),
                settings.get(DOMAIN_SUFFIX_PARAMETER, DOMAIN_SUFFIX_ENV).orElse(RunNaming.DEFAULT_DOMAIN_SUFFIX),
                DeadlineSetting.from(settings).multipliedBy(2), LockOwners.from(settings));
    }
}
