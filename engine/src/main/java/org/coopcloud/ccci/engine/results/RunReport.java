package org.coopcloud.ccci.engine.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        out.append("==== cc-ci: ").append(results.spec().recipe()).append(" — ").append(laneLevelText(results))
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

    /** pr-comment.md without links (no dashboard or log known). */
    public static String prComment(RunResults results) {
        return prComment(results, ReportLinks.NONE);
    }

    /**
     * pr-comment.md: what the bot posts on the pull request. Every text that comes from the recipe
     * or the run (reasons, versions, refs) is escaped for Markdown, so a failure message cannot add
     * links, images or HTML to the comment.
     */
    public static String prComment(RunResults results, ReportLinks links) {
        StringBuilder md = new StringBuilder();
        Optional<String> runPage = links.runPage(results.runId());
        String badge = runPage.map(page -> "[![" + levelText(results) + "](" + page + "/badge.svg)](" + page + ") ")
                .orElse("");
        md.append("### ").append(badge).append("cc-ci: `").append(results.spec().recipe()).append('`');
        results.spec().ref().ifPresent(ref -> md.append(" at `").append(ref).append('`'));
        md.append(" reached **").append(laneLevelText(results)).append("**\n\n");
        md.append("**").append(markdown(verdictLine(results))).append("**\n\n");
        if (results.spec().quick()) {
            md.append("> **Quick lane** (`!testme --quick`): lower confidence. The PR head was tried on the recipe's"
                    + " canonical app, upgraded in place and then put back; it never gates a merge: a full `!testme`"
                    + " decides.\n\n");
        }
        runPage.ifPresent(page -> md.append("[![summary of run ").append(results.runId()).append("](").append(page)
                .append("/card.png)](").append(page).append(")\n\n"));
        md.append("| rung | level | status | time | reason | versions |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (RungResult rung : results.rungs()) {
            md.append("| ").append(rung.stage().id()).append(" | L").append(rung.stage().level()).append(" | ")
                    .append(statusMark(rung)).append(' ').append(rung.status().id()).append(" | ")
                    .append(seconds(rung.durationMillis())).append(" | ")
                    .append(cell(rung.reason().orElse(""))).append(" | ")
                    .append(cell(versionsAndDataCheck(rung))).append(" |\n");
        }
        if (!results.setup().passed()) {
            md.append("\nSetup failed: ").append(cell(results.setup().reason().orElse("did not run"))).append('\n');
        }
        if (!results.teardown().passed()) {
            md.append("\nTeardown failed: ").append(cell(results.teardown().reason().orElse(""))).append('\n');
        }
        links.screenshot().ifPresent(file -> {
            md.append("\nThe app's landing page during the run:\n\n");
            md.append(links.runPage(results.runId())
                    .map(page -> "![landing page of " + results.spec().recipe() + "](" + page + "/files/" + file + ")\n")
                    .orElse("`" + file + "` in the run directory.\n"));
        });
        md.append('\n');
        List<String> footer = new ArrayList<>();
        runPage.ifPresent(page -> footer.add("[Run page](" + page + ")"));
        links.logUrl().ifPresent(log -> footer.add("[Log](" + log + ")"));
        footer.add("run `" + results.runId() + "`, " + seconds(results.durationMillis()) + " in all");
        md.append(String.join(" · ", footer)).append("\n");
        md.append("\nReproduce locally:\n\n```sh\n").append(reproduceCommand(results)).append("\n```\n");
        return md.toString();
    }

    /**
     * The verdict in one line of plain text. An infrastructure error says so and shows no level: it
     * says nothing about the recipe.
     */
    public static String verdictLine(RunResults results) {
        String level = levelText(results);
        return switch (results.verdict()) {
            case INFRASTRUCTURE_ERROR -> "No level: infrastructure error in " + infrastructureFault(results)
                    + ". cc-ci or its host failed, not the recipe; this run says nothing about the recipe.";
            case ABORTED -> "Aborted (" + results.abortCause().orElse("unknown cause") + ") at " + level
                    + "; the rungs that did not run are unverified.";
            case APP_FAILED -> capitalised(level) + ": " + firstAppFailure(results) + ".";
            case PASSED -> capitalised(level) + ": " + passedText(results) + ".";
        };
    }

    private static String infrastructureFault(RunResults results) {
        if (results.setup().failureKind().filter(k -> k == FailureKind.INFRASTRUCTURE).isPresent()) {
            return "setup (" + oneLine(results.setup().reason().orElse("")) + ")";
        }
        for (RungResult rung : results.rungs()) {
            if (rung.failureKind().filter(k -> k == FailureKind.INFRASTRUCTURE).isPresent()) {
                return "the " + rung.stage().id() + " rung (" + oneLine(rung.reason().orElse("")) + ")";
            }
        }
        return "teardown (" + oneLine(results.teardown().reason().orElse("")) + ")";
    }

    private static String firstAppFailure(RunResults results) {
        if (!results.setup().passed()) {
            return "setup failed: " + oneLine(results.setup().reason().orElse(""));
        }
        for (RungResult rung : results.rungs()) {
            if (rung.status() == RungStatus.FAIL) {
                return rung.stage().id() + " failed: " + oneLine(rung.reason().orElse(""));
            }
        }
        return "teardown failed: " + oneLine(results.teardown().reason().orElse(""));
    }

    private static String passedText(RunResults results) {
        List<String> passed = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        for (RungResult rung : results.rungs()) {
            if (rung.status() == RungStatus.PASS) {
                passed.add(rung.stage().id());
            } else if (rung.status() == RungStatus.UNVERIFIED) {
                notRun.add(rung.stage().id());
            }
        }
        String text = passed.isEmpty() ? "no rung ran" : String.join(", ", passed) + " passed";
        return notRun.isEmpty() ? text : text + "; not verified: " + String.join(", ", notRun);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
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

    /** The level as the reports' headings say it: a quick run's is a "quick-lane level". */
    private static String laneLevelText(RunResults results) {
        return (results.spec().quick() ? "quick-lane " : "") + levelText(results);
    }

    /** "level 3 of 4", or "no level (infrastructure error)". */
    public static String levelText(RunResults results) {
        return results.reportedLevel().map(level -> "level " + level + " of " + Ladder.TOP)
                .orElse("no level (infrastructure error)");
    }

    private static String detail(RungResult rung) {
        String versions = versionsAndDataCheck(rung);
        String reason = rung.reason().orElse("");
        return reason.isEmpty() ? versions : versions.isEmpty() ? oneLine(reason) : oneLine(reason) + " [" + versions + "]";
    }

    /** The versions, then which source checked the data ("data checked by volume markers"). */
    private static String versionsAndDataCheck(RungResult rung) {
        String versions = versions(rung.versions());
        if (rung.dataCheck().isEmpty()) {
            return versions;
        }
        String data = "data checked by " + (rung.dataCheck().get().equals("suite") ? "the recipe suite's data seed"
                : rung.dataCheck().get().replace('-', ' '));
        return versions.isEmpty() ? data : versions + "; " + data;
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
        return markdown(oneLine(text));
    }

    /**
     * Escapes the characters that would make Markdown or HTML out of text (links, images, emphasis,
     * code, tags, entities, table cells) with backslashes, which CommonMark allows before any ASCII
     * punctuation; the text then renders exactly as it reads.
     */
    static String markdown(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            if ("\\`*_[]()<>!|#~&{}".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String seconds(long millis) {
        return String.format("%.1fs", millis / 1000.0);
    }
}
