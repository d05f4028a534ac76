package org.coopcloud.ccci.harness.recipe;

import java.nio.file.Path;
import java.util.List;

/**
 * The recipe as fetched for this run, into the run's own {@code recipes/} directory.
 *
 * @param directory the git checkout, at the PR head
 * @param headSha   the commit under test (full sha)
 * @param versions  the published version tags, oldest first (the upgrade rung picks its base from them)
 */
public record RecipeCheckout(String recipe, Path directory, String headSha, List<String> versions) {
    public String shortSha() {
        return headSha.substring(0, Math.min(8, headSha.length()));
    }
}
