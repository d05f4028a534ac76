package org.coopcloud.ccci.bridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The nightly sweep's configuration ({@code bin/ccci sweep --config FILE}; keys in
 * docs/operations.md, "The nightly sweep"): the Drone endpoint (the bridge's {@code drone.*} keys),
 * the catalogue to read, and the sweep's bounds. Tokens are never values here, as in the bridge's.
 *
 * @param catalogue abra's catalogue file ({@code recipes.json}) whose recipes are swept
 * @param recipes   only these recipes, when not empty
 * @param releases  also ask for a build of each recipe's newest release
 * @param max       at most this many builds asked for in one sweep
 * @param window    a build of the same recipe, kind and commit asked for within this window counts
 *                  as done for this night
 */
public record SweepConfig(DroneEndpoint drone, Path catalogue, List<String> recipes, boolean releases, int max,
        Duration window, Duration httpTimeout, int httpAttempts) {
    private static final Set<String> OWN_KEYS = Set.of("catalogue", "recipes", "releases", "max", "window.hours",
            "http.timeout.seconds", "http.attempts");

    public static SweepConfig load(Path file, Map<String, String> env) throws ConfigException {
        return parse(ConfigValues.load(file), env);
    }

    public static SweepConfig parse(Properties p, Map<String, String> env) throws ConfigException {
        Set<String> known = new HashSet<>(OWN_KEYS);
        known.addAll(DroneEndpoint.KEYS);
        ConfigValues.checkKeys(p, known, Set.of());
        DroneEndpoint drone = DroneEndpoint.parse(p, env);
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path catalogue = Path.of(p.getProperty("catalogue", Path.of(home, ".abra", "catalogue", "recipes.json").toString()).strip());
        int max = (int) ConfigValues.positive(p, "max", 50);
        Duration window = Duration.ofHours(ConfigValues.positive(p, "window.hours", 20));
        Duration timeout = Duration.ofSeconds(ConfigValues.positive(p, "http.timeout.seconds", 20));
        int attempts = (int) ConfigValues.positive(p, "http.attempts", 5);
        return new SweepConfig(drone, catalogue, ConfigValues.list(p, "recipes"), ConfigValues.bool(p, "releases", false), max,
                window, timeout, attempts);
    }

    public SweepConfig withMax(int newMax) {
        return new SweepConfig(drone, catalogue, recipes, releases, newMax, window, httpTimeout, httpAttempts);
    }

    public SweepConfig withReleases(boolean newReleases) {
        return new SweepConfig(drone, catalogue, recipes, newReleases, max, window, httpTimeout, httpAttempts);
    }

    public SweepConfig withRecipes(List<String> newRecipes) {
        return new SweepConfig(drone, catalogue, List.copyOf(newRecipes), releases, max, window, httpTimeout, httpAttempts);
    }
}
