package org.coopcloud.ccci.harness.profile;

import org.coopcloud.ccci.engine.api.AppFailureException;

/**
 * The recipe's {@value RecipeLocalFile#NAME} cannot be used (not YAML, an unknown key, a wrong type, a
 * status that is no HTTP status, a secret's value): the PR's content, so the recipe's fault, found
 * before anything is deployed. The message names the line (and column where it helps).
 */
public final class RecipeFileException extends AppFailureException {
    public RecipeFileException(String message) {
        super(message);
    }
}
