package org.coopcloud.ccci.harness.lint;

/** The recipe's files cannot be linted at all (a compose file that is not YAML, one COMPOSE_FILE names but the recipe lacks): the recipe's fault. */
public final class LintException extends RuntimeException {
    public LintException(String message) {
        super(message);
    }
}
