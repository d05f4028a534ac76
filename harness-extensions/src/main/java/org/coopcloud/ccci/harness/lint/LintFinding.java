package org.coopcloud.ccci.harness.lint;

/**
 * One rule's outcome for one recipe.
 *
 * @param detail what was found (the services, images or files at fault), or why the rule was skipped
 *               or not checked; empty when satisfied
 */
public record LintFinding(LintRule rule, Outcome outcome, String detail) {
    public enum Outcome {
        SATISFIED,
        FAILED,
        /** abra's own skip condition holds (R010 for a recipe without a DOMAIN: nothing to route). */
        SKIPPED,
        /** The rule needs what this host does not have (the network, a catalogue): never read as satisfied. */
        NOT_CHECKED
    }

    static LintFinding satisfied(LintRule rule) {
        return new LintFinding(rule, Outcome.SATISFIED, "");
    }

    static LintFinding failedIf(LintRule rule, boolean failed, String detail) {
        return failed ? new LintFinding(rule, Outcome.FAILED, detail) : satisfied(rule);
    }

    public boolean isError() {
        return outcome == Outcome.FAILED && rule.level() == LintRule.Level.ERROR;
    }

    public boolean isWarning() {
        return outcome == Outcome.FAILED && rule.level() == LintRule.Level.WARN;
    }

    /** {@code R009 error: one service named 'app': no service 'app' (name a service 'app')}. */
    public String line() {
        String head = rule.name() + " " + rule.level().id() + ": " + rule.description();
        return switch (outcome) {
            case SATISFIED -> head + ": ok";
            case FAILED -> head + ": " + detail + " (" + rule.howToResolve() + ")";
            case SKIPPED -> head + ": skipped, " + detail;
            case NOT_CHECKED -> head + ": not checked, " + detail;
        };
    }
}
