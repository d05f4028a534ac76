package org.coopcloud.ccci.recipes.demopg;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.coopcloud.ccci.harness.profile.SecretValues;

/**
 * The value of demo-pg's {@code admin_token} ({@code # generate=false}: abra never generates it): an
 * operator's CI would read it from its own secrets; here a random one per run (one JVM), which
 * {@link DemoPgChecks} compares by fingerprint only.
 */
public final class AdminToken implements SecretValues {
    static final String VALUE = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

    @Override
    public Optional<String> value(String name) {
        return "admin_token".equals(name) ? Optional.of(VALUE) : Optional.empty();
    }
}
