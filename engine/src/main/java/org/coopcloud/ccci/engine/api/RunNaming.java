package org.coopcloud.ccci.engine.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a run names its app, in one place, because the janitor must recognise exactly the names
 * runs create and nothing else.
 *
 * <p>A run app's domain is {@code <first 4 chars of the recipe>-<6 hex>.<suffix>}: the hex is
 * derived from the recipe and the PR (or the ref, or "local"), so two runs of the same recipe and
 * PR share a domain and serialise on its app lock, while runs of different PRs never collide.
 *
 * <p>A recipe's canonical app (the quick lane's warm app) is {@code <recipe>.canonical.<suffix>}:
 * whatever the recipe is called, the label after its first dot is {@code canonical}, never the
 * suffix, so it can never match {@link #runAppDomainPattern(String)} and no janitor reaps it.
 */
public final class RunNaming {
    /** Default for {@code ccci.domain.suffix} / {@code CCCI_DOMAIN_SUFFIX}. */
    public static final String DEFAULT_DOMAIN_SUFFIX = "ci.test";

    private RunNaming() {
    }

    public static String domain(String recipe, Optional<Integer> pr, Optional<String> ref, String suffix) {
        String key = recipe + "#" + pr.map(n -> "pr" + n).or(() -> ref).orElse("local");
        String prefix = recipe.substring(0, Math.min(4, recipe.length())).replaceAll("-+$", "");
        return prefix + "-" + sha256Hex(key).substring(0, 6) + "." + suffix;
    }

    /** The domain of the recipe's canonical app (kept on the host between runs; see docs/operations.md). */
    public static String canonicalDomain(String recipe, String suffix) {
        return recipe + ".canonical." + suffix;
    }

    /**
     * The domain of a dependency a run deploys for its app: a run-app name (so the janitor reaps it
     * with a dead run), derived from the app's domain, so only a run holding the app's lock ever
     * uses it (and takes its lock second: no two runs wait on each other's locks).
     */
    public static String dependencyDomain(String appDomain, String dependencyRecipe, String suffix) {
        String prefix = dependencyRecipe.substring(0, Math.min(4, dependencyRecipe.length())).replaceAll("-+$", "");
        return prefix + "-" + sha256Hex("dependency#" + appDomain + "#" + dependencyRecipe).substring(0, 6) + "." + suffix;
    }

    /**
     * The tenant a run's app gets in a warm dependency (a canonical app that hands out tenants):
     * derived from the app's domain, so only the holder of the app's lock makes or removes it, and
     * a later run of the same domain takes over whatever tenant a killed one left.
     */
    public static String tenantName(String appDomain) {
        return "ccci-" + sha256Hex("tenant#" + appDomain).substring(0, 10);
    }

    /** abra's stack name: the domain with dots as underscores. */
    public static String stack(String domain) {
        return domain.replace('.', '_');
    }

    /** Matches the domain of every run app under this suffix, and nothing else. */
    public static Pattern runAppDomainPattern(String suffix) {
        return Pattern.compile("[a-z0-9][a-z0-9-]{0,3}-[0-9a-f]{6}\\." + Pattern.quote(suffix));
    }

    /** Matches the stack name of every run app under this suffix (for the swarm service sweep). */
    public static Pattern runAppStackPattern(String suffix) {
        return Pattern.compile("[a-z0-9][a-z0-9-]{0,3}-[0-9a-f]{6}_" + Pattern.quote(stack(suffix)));
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
