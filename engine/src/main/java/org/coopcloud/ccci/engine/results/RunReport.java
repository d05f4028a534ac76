package org.coopcloud.ccci.engine.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * The human-readable faces of a run's results: the one-screen summary printed at the end of a run
 * (the Drone log) and {@code pr-comment.md}, which the bot posts on the pull request. Both end with
 * the command that reproduces the run locally.
 */
public final class RunReport {
    public static final String PR_COMMENT_FILE = "pr-comment.md";

    private RunReport() {
    }

    public static String summary(RunResults results) {
        StringBuilder out = new StringBuilder();
        out.append("==== cc-ci: ").append(results.spec().recipe()).append(" — ").append(levelText(results))
                .append(" (").append(results.verdict().id()).append(") ====\n");
        out.append(String.format("%-9s %-11s %8s  %s%n", "rung", "status", "time", "reason / versions"));
        for (RungResult rung : results.rungs()) {
            out.append(String.format("%-9s %-11s %8s  %s%n", rung.stage().id(), rung.status().id(),
                    seconds(rung.durationMillis()), detail(rung)));
        }
        if (!results.setup().passed()) {
            out.append("setup:    ").append(results.setup().reason().orElse("did not run")).append('\n');
        }
        if (!results.teardown().passed()) {
            out.append("teardown: ").append(results.teardown().reason().orElse("")).append('\n');
        }
        out.append("run ").append(results.runId()).append(", app ").append(results.domain()).append(", ")
                .append(seconds(results.durationMillis())).append('\n');
        out.append("reproduce: ").append(reproduceCommand(results)).append('\n');
        return out.toString();
    }

    public static String prComment(RunResults results) {
        StringBuilder md = new StringBuilder();
        md.append("### cc-ci: `").append(results.spec().recipe()).append("` reached **").append(levelText(results))
                .append("**\n\n");
        if (results.spec().quick()) {
            md.append("_Quick lane (`!testme --quick`): the PR head was tried on the recipe's canonical app, upgraded in"
                    + " place and then put back. A lower-confidence result that never gates a merge; `!testme` runs the"
                    + " full ladder that does._\n\n");
        }
        md.append("| rung | level | status | time | reason | versions |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (RungResult rung : results.rungs()) {
            md.append("| ").append(rung.stage().id()).append(" | L").append(rung.stage().level()).append(" | ")
                    .append(statusMark(rung)).append(' ').append(rung.status().id()).append(" | ")
                    .append(seconds(rung.durationMillis())).append(" | ")
                    .append(cell(rung.reason().orElse(""))).append(" | ")
                    .append(cell(versions(rung.versions()))).append(" |\n");
        }
        md.append('\n').append("Verdict: **").append(results.verdict().id()).append("**");
        results.abortCause().ifPresent(cause -> md.append(" (").append(cell(cause)).append(')'));
        md.append(". Run `").append(results.runId()).append("`, ").append(seconds(results.durationMillis()))
                .append(" in all.\n");
        if (!results.setup().passed()) {
            md.append("\nSetup failed: ").append(cell(results.setup().reason().orElse("did not run"))).append('\n');
        }
        if (!results.teardown().passed()) {
            md.append("\nTeardown failed: ").append(cell(results.teardown().reason().orElse(""))).append('\n');
        }
        md.append("\nReproduce locally:\n\n```sh\n").append(reproduceCommand(results)).append("\n```\n");
        return md.toString();
    }

    /** The exact {@code bin/ccci run} command line that repeats this run's inputs. */
    public static String reproduceCommand(RunResults results) {
        List<String> words = new ArrayList<>(List.of("bin/ccci", "run", results.spec().recipe()));
        results.spec().ref().ifPresent(ref -> words.addAll(List.of("--ref", ref)));
        results.spec().pr().ifPresent(pr -> words.addAll(List.of("--pr", String.valueOf(pr))));
        results.spec().src().ifPresent(src -> words.addAll(List.of("--src", src)));
        if (results.spec().stages().size() < Stage.values().length) {
            words.addAll(List.of("--stages", results.spec().stages().stream().sorted().map(Stage::id)
                    .collect(Collectors.joining(","))));
        }
        if (results.spec().quick()) {
            words.add("--quick");
        }
        return String.join(" ", words);
    }

    private static String levelText(RunResults results) {
        String lane = results.spec().quick() ? "quick-lane " : "";
        return results.reportedLevel().map(level -> lane + "level " + level + " of " + Ladder.TOP)
                .orElse("no level (infrastructure error)");
    }

    private static String detail(RungResult rung) {
        String versions = versions(rung.versions());
        String reason = rung.reason().orElse("");
        return reason.isEmpty() ? versions : versions.isEmpty() ? oneLine(reason) : oneLine(reason) + " [" + versions + "]";
    }

    private static String versions(Map<String, String> versions) {
        return versions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String statusMark(RungResult rung) {
        return switch (rung.status()) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case SKIP -> "➖";
            case UNVERIFIED -> "❔";
        };
    }

    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String seconds(long millis) {
        return String.format("%.1fs", millis / 1000.0);
    }
}
