package org.coopcloud.ccci.harness.deploy;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.harness.docker.SwarmService;

/**
 * How long a deploy may take to converge, and who said so: the profile's (or the operator's)
 * timeout where one is set; else the recipe's own {@code coop-cloud.${STACK_NAME}.timeout} label,
 * the wait abra itself gives the recipe (seconds, as abra reads it: abra-facts.md); else the
 * default. The label is read from the deployed services' labels, so it is the value after the
 * .env's substitution ({@code ${TIMEOUT:-120}}), exactly as the swarm holds it.
 *
 * @param source a few words for the log: where the limit comes from
 */
public record DeployTimeout(Duration limit, String source) {
    /** The label abra reads on a stack's services (on the {@code app} service in published recipes). */
    public static String label(String stack) {
        return "coop-cloud." + stack + ".timeout";
    }

    /**
     * @param declared the profile's or the operator's timeout, when either set one
     * @param fallback the default when neither the profile nor the recipe sets one
     */
    public static DeployTimeout of(Optional<Duration> declared, Duration fallback, String stack, List<SwarmService> services) {
        if (declared.isPresent()) {
            return new DeployTimeout(declared.get(), "the profile's");
        }
        Optional<Duration> recipe = recipeLabel(stack, services);
        return recipe.map(d -> new DeployTimeout(d, "the recipe's " + label(stack) + " label"))
                .orElseGet(() -> new DeployTimeout(fallback, "the default; the recipe sets no " + label(stack) + " label"));
    }

    /** The label's value in seconds, from the app service first; empty when absent or not a positive number. */
    static Optional<Duration> recipeLabel(String stack, List<SwarmService> services) {
        String key = label(stack);
        return services.stream()
                .sorted(Comparator.comparing((SwarmService s) -> !s.shortName().equals("app")).thenComparing(SwarmService::name))
                .map(s -> s.labels().get(key))
                .filter(v -> v != null && v.strip().matches("[0-9]{1,6}") && Long.parseLong(v.strip()) > 0)
                .findFirst()
                .map(v -> Duration.ofSeconds(Long.parseLong(v.strip())));
    }
}
