package org.coopcloud.ccci.harness.recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The recipe as fetched for this run, into the run's own {@code recipes/} directory.
 *
 * @param directory the git checkout, at the PR head
 * @param headSha   the commit under test (full sha)
 * @param versions  the published version tags, oldest first
 */
public record RecipeCheckout(String recipe, Path directory, String headSha, List<String> versions) {
    /** The newest published version, if any. */
    public Optional<String> newestVersion() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The second newest published version: the default upgrade base. */
    public Optional<String> previousVersion() {
        return versions.size() < 2 ? Optional.empty() : Optional.of(versions.get(versions.size() - 2));
    }

    public String shortSha() {
        return headSha.substring(0, Math.min(8, headSha.length()));
    }
}
