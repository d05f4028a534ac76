package org.coopcloud.ccci.harness.recipe;

import java.io.IOException;
import java.util.Map;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.harness.profile.RecipeFileException;
import org.coopcloud.ccci.harness.profile.RecipeLocalFile;
import org.coopcloud.ccci.harness.profile.RecipeLocalFileReader;

/**
 * Reads the recipe's {@value RecipeLocalFile#NAME} from the run's checkout, at the PR head (so a PR can
 * change it), right after the fetch and before the janitor, the lock and any deploy. A malformed file
 * is the PR's content: a {@link RecipeFileException} fails the run's install rung (level 0) naming the
 * line, with nothing deployed; it is neither bad input of the caller (exit 2) nor an infrastructure
 * error. The file, read, goes into the run's store, where the effective profile picks it up.
 */
public final class RecipeLocalFileExtension implements BeforeRunCallback {
    @Override
    public int order() {
        return ExtensionOrder.RECIPE_LOCAL_FILE;
    }

    @Override
    public void beforeRun(RunContext run) {
        RecipeCheckout checkout = run.store().require(RecipeCheckout.class);
        RecipeLocalFile file;
        try {
            file = RecipeLocalFileReader.readFrom(checkout.directory());
        } catch (RecipeFileException e) {
            run.events().emit("recipe.file", Map.of("file", RecipeLocalFile.NAME, "status", "malformed",
                    "reason", e.getMessage()));
            throw e;
        } catch (IOException e) {
            throw new InfrastructureException("could not read the recipe's " + RecipeLocalFile.NAME + ": " + e.getMessage(), e);
        }
        run.store().put(RecipeLocalFile.class, file);
        if (file != RecipeLocalFile.NONE) {
            run.events().emit("recipe.file", Map.of("file", RecipeLocalFile.NAME, "status", "read",
                    "settings", String.join(",", file.lines().keySet()), "checks", file.checks().size()));
        }
    }
}
