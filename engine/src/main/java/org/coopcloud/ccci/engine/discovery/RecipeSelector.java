package org.coopcloud.ccci.engine.discovery;

import java.util.Objects;
import java.util.Optional;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.DiscoverySelectorIdentifier;

/**
 * Selects a whole run of one recipe: {@code --select recipe:<name>} in the console launcher.
 * The name is validated when the selector is resolved, so a bad one is reported as a discovery
 * error naming the field rather than rejected by the launcher's parser.
 */
public final class RecipeSelector implements DiscoverySelector {
    public static final String PREFIX = "recipe";

    private final String recipe;

    public RecipeSelector(String recipe) {
        this.recipe = Objects.requireNonNull(recipe, "recipe");
    }

    public static RecipeSelector selectRecipe(String recipe) {
        return new RecipeSelector(recipe);
    }

    public String recipe() {
        return recipe;
    }

    @Override
    public Optional<DiscoverySelectorIdentifier> toIdentifier() {
        return Optional.of(DiscoverySelectorIdentifier.create(PREFIX, recipe));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecipeSelector that && recipe.equals(that.recipe);
    }

    @Override
    public int hashCode() {
        return recipe.hashCode();
    }

    @Override
    public String toString() {
        return "RecipeSelector [recipe = '" + recipe + "']";
    }
}
