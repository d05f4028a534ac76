package org.coopcloud.ccci.harness.lint;

import java.util.List;
import java.util.stream.Collectors;

/** Every rule's finding for one recipe, in rule order, and how long the lint took. */
public record LintReport(List<LintFinding> findings, long millis) {
    public LintReport {
        findings = List.copyOf(findings);
    }

    public List<LintFinding> errors() {
        return findings.stream().filter(LintFinding::isError).toList();
    }

    public List<LintFinding> warnings() {
        return findings.stream().filter(LintFinding::isWarning).toList();
    }

    public List<LintFinding> notChecked() {
        return findings.stream().filter(f -> f.outcome() == LintFinding.Outcome.NOT_CHECKED).toList();
    }

    public boolean passed() {
        return errors().isEmpty();
    }

    /** {@code 1 error (R009), 2 warnings (R002, R007), 1 not checked (R013)}. */
    public String summary() {
        return count(errors(), "error", "errors") + ", " + count(warnings(), "warning", "warnings") + ", "
                + count(notChecked(), "not checked", "not checked");
    }

    private static String count(List<LintFinding> findings, String one, String many) {
        return findings.size() + " " + (findings.size() == 1 ? one : many) + (findings.isEmpty() ? ""
                : " (" + findings.stream().map(f -> f.rule().name()).collect(Collectors.joining(", ")) + ")");
    }

    /** The lines a person reads: every error, warning, skip and unchecked rule, one a line. */
    public List<String> lines() {
        return findings.stream().filter(f -> f.outcome() != LintFinding.Outcome.SATISFIED).map(LintFinding::line).toList();
    }
}
