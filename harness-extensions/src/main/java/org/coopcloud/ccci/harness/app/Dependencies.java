package org.coopcloud.ccci.harness.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RungUnverified;

/**
 * The run's dependencies, in deploy order: each registered before anything of it exists (so
 * teardown removes whatever part of it was made), with whether its wiring into the app worked. A
 * check that needs a dependency declares a {@code Dependencies} parameter and calls {@link
 * #require(String)}: when the dependency or its wiring failed, the check is unverified with the
 * reason, never failed against the recipe.
 */
public final class Dependencies {
    /** One dependency of the run. */
    public static final class Dependency {
        private final String recipe;
        private final RecipeApp app;
        private volatile Optional<String> wiringFailure = Optional.of("not wired yet");

        Dependency(String recipe, RecipeApp app) {
            this.recipe = recipe;
            this.app = app;
        }

        public String recipe() {
            return recipe;
        }

        public RecipeApp app() {
            return app;
        }

        public Optional<String> wiringFailure() {
            return wiringFailure;
        }

        void wired() {
            wiringFailure = Optional.empty();
        }

        void wiringFailed(String reason) {
            wiringFailure = Optional.of(reason);
        }
    }

    private final List<Dependency> all = new ArrayList<>();

    synchronized Dependency register(String recipe, RecipeApp app) {
        Dependency dependency = new Dependency(recipe, app);
        all.add(dependency);
        return dependency;
    }

    /** Deploy order; teardown walks it backwards. */
    public synchronized List<Dependency> inDeployOrder() {
        return List.copyOf(all);
    }

    /** The dependency's app, wired into the recipe's app; else the check is unverified. */
    public synchronized RecipeApp require(String recipe) {
        Dependency dependency = all.stream().filter(d -> d.recipe().equals(recipe)).findFirst()
                .orElseThrow(() -> new RungUnverified("the check needs the dependency " + recipe
                        + ", which the recipe's profile does not declare (@Profile(needs = ...))"));
        if (dependency.wiringFailure().isPresent()) {
            throw new RungUnverified("the check needs the dependency " + recipe + ", whose wiring failed: "
                    + dependency.wiringFailure().get());
        }
        return dependency.app();
    }
}
