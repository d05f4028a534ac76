package org.coopcloud.ccci.harness.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RungUnverified;
import org.coopcloud.ccci.harness.canonical.WarmProvider;

/**
 * The run's dependencies, in deploy order: each registered before anything of it exists (so
 * teardown removes whatever part of it was made), with whether its wiring into the app worked. A
 * dependency is an app deployed for the run, or the run's own tenant in a warm canonical app. A
 * check that needs a dependency declares a {@code Dependencies} parameter and calls {@link
 * #require(String)}: when the dependency or its wiring failed, the check is unverified with the
 * reason, never failed against the recipe.
 */
public final class Dependencies {
    /** One dependency of the run: an app deployed for it, or its own tenant in a warm canonical app. */
    public static final class Dependency {
        private final String recipe;
        private final RecipeApp app;
        private final Optional<String> tenant;
        private final Optional<WarmProvider> warm;
        private volatile boolean tenantRecorded;
        private volatile Optional<String> wiringFailure = Optional.of("not wired yet");

        Dependency(String recipe, RecipeApp app, Optional<String> tenant, Optional<WarmProvider> warm) {
            this.recipe = recipe;
            this.app = app;
            this.tenant = tenant;
            this.warm = warm;
        }

        public String recipe() {
            return recipe;
        }

        /** The dependency's app: this run's own, or the warm canonical app its tenant lives in. */
        public RecipeApp app() {
            return app;
        }

        /** This run's tenant in a warm app; empty for a dependency deployed for the run (its whole app is the run's). */
        public Optional<String> tenant() {
            return tenant;
        }

        public Optional<String> wiringFailure() {
            return wiringFailure;
        }

        Optional<WarmProvider> warm() {
            return warm;
        }

        boolean tenantRecorded() {
            return tenantRecorded;
        }

        void tenantRecorded(boolean recorded) {
            tenantRecorded = recorded;
        }

        void wired() {
            wiringFailure = Optional.empty();
        }

        void wiringFailed(String reason) {
            wiringFailure = Optional.of(reason);
        }
    }

    private final List<Dependency> all = new ArrayList<>();

    synchronized Dependency register(String recipe, RecipeApp app, Optional<String> tenant, Optional<WarmProvider> warm) {
        Dependency dependency = new Dependency(recipe, app, tenant, warm);
        all.add(dependency);
        return dependency;
    }

    /** Deploy order; teardown walks it backwards. */
    public synchronized List<Dependency> inDeployOrder() {
        return List.copyOf(all);
    }

    /** The dependency, wired into the recipe's app; else the check is unverified. */
    public synchronized Dependency require(String recipe) {
        Dependency dependency = all.stream().filter(d -> d.recipe().equals(recipe)).findFirst()
                .orElseThrow(() -> new RungUnverified("the check needs the dependency " + recipe
                        + ", which the recipe's profile does not declare (@Profile(needs = ...))"));
        if (dependency.wiringFailure().isPresent()) {
            throw new RungUnverified("the check needs the dependency " + recipe + ", whose wiring failed: "
                    + dependency.wiringFailure().get());
        }
        return dependency;
    }
}
