package org.coopcloud.ccci.engine.results;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * The human-readable faces of a run's results: the one-screen summary printed at the end of a run
 * (the Drone log) and {@code pr-comment.md}, which the bot posts on the pull request. Both head with
 * the verdict and the cause, once; then one table of the rungs, then the command that reproduces the
 * run. The details (whole reasons, task lists, logs) stay in results.json and on the run page.
 */
public final class RunReport {
    public static final String PR_COMMENT_FILE = "pr-comment.md";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Stands for the failing rung's note: its reason is the cause, already shown above the table. */
    static final String SEE_CAUSE = "the cause above";

    /** How many not-checked items the PR comment names before it points at the run page. */
    static final int NOT_CHECKED_SHOWN = 3;

    private RunReport() {
    }

    /** The console summary: the verdict, the cause, the rungs, where the run is, and how to repeat it. */
    public static String summary(RunResults results) {
        StringBuilder out = new StringBuilder();
        out.append("==== cc-ci: ").append(results.spec().recipe()).append(runLabel(results)).append(" — ")
                .append(verdictHeadline(results)).append(" ====\n");
        results.cause().ifPresent(cause -> {
            out.append("cause").append(cause.where().map(w -> " (" + w + ")").orElse("")).append(": ")
                    .append(cause.summary()).append('\n');
            cause.lines().forEach(line -> out.append("  | ").append(line).append('\n'));
        });
        out.append(String.format("%-9s %-11s %7s  %s%n", "rung", "status", "time", "note"));
        for (RungResult rung : results.rungs()) {
            out.append(String.format("%-9s %-11s %7s  %s%n", rung.stage().id(), rung.status().id(),
                    time(rung), note(results, rung)));
        }
        results.notes().notChecked().forEach(what -> out.append("not checked: ").append(what).append('\n'));
        out.append("run ").append(results.runId()).append(", app ").append(results.domain()).append(", ")
                .append(seconds(results.durationMillis())).append(", finished ")
                .append(finishedAt(results)).append('\n');
        out.append("reproduce: ").append(reproduceCommand(results)).append('\n');
        return out.toString();
    }

    /** pr-comment.md without links, main's level unknown. */
    public static String prComment(RunResults results) {
        return prComment(results, ReportLinks.NONE, Baseline.UNKNOWN);
    }

    /** pr-comment.md as the engine writes it: main's level is not known to a run. */
    public static String prComment(RunResults results, ReportLinks links) {
        return prComment(results, links, Baseline.UNKNOWN);
    }

    /**
     * pr-comment.md: one heading with the level and the change against main, the cause, one table,
     * the reproduce command and the links; the card and the screenshot folded. Every text from the
     * recipe or the run is escaped ({@link GfmText}): it cannot add links, images, HTML, mentions
     * or references to the comment.
     */
    public static String prComment(RunResults results, ReportLinks links, Baseline baseline) {
        StringBuilder md = new StringBuilder();
        md.append("### ").append(mark(results.verdict())).append(" cc-ci: `").append(results.spec().recipe()).append('`');
        results.spec().pr().ifPresent(pr -> md.append(" PR ").append(pr));
        md.append(" — ").append(GfmText.text(verdictHeadline(results)));
        if (results.origin().kind() == RunKind.PR && results.reportedLevel().isPresent()) {
            md.append(" — ").append(GfmText.text(delta(results, baseline)));
        }
        md.append("\n\n");
        if (results.spec().quick()) {
            md.append("Quick lane (`!testme --quick`): the PR head upgraded in place on the recipe's canonical app;"
                    + " lower confidence, never gates a merge.\n\n");
        }
        results.cause().ifPresent(cause -> {
            md.append("**Cause**").append(cause.where().map(w -> " (" + GfmText.code(w) + ")").orElse(""))
                    .append(": ").append(GfmText.text(cause.summary())).append("\n\n");
            if (!cause.lines().isEmpty()) {
                md.append(GfmText.codeBlock(cause.lines())).append('\n');
            }
        });
        md.append("| rung | status | time | note |\n|---|---|---|---|\n");
        for (RungResult rung : results.rungs()) {
            md.append("| ").append(rung.stage().id()).append(" (L").append(rung.stage().level()).append(") | ")
                    .append(statusMark(rung)).append(' ').append(rung.status().id()).append(" | ")
                    .append(time(rung)).append(" | ").append(GfmText.cell(note(results, rung, baseline))).append(" |\n");
        }
        md.append('\n');
        List<String> notChecked = results.notes().notChecked();
        if (!notChecked.isEmpty()) {
            // One line, whatever the count: the comment stays short; the run page lists them all.
            List<String> shown = notChecked.subList(0, Math.min(NOT_CHECKED_SHOWN, notChecked.size()));
            md.append("Not checked: ").append(GfmText.text(String.join("; ", shown)));
            if (notChecked.size() > shown.size()) {
                md.append(" (and ").append(notChecked.size() - shown.size()).append(" more on the run page)");
            }
            md.append("\n\n");
        }
        md.append("Reproduce: ").append(GfmText.code(reproduceCommand(results))).append("\n\n");
        List<String> footer = new ArrayList<>();
        Optional<String> runPage = links.runPage(results.runId());
        runPage.ifPresent(page -> footer.add("[Run page](" + page + ")"));
        links.logUrl().or(() -> results.origin().links().build()).ifPresent(log -> footer.add("[Drone log](" + log + ")"));
        String run = "run " + GfmText.code(results.runId()) + ", " + seconds(results.durationMillis());
        footer.add(results.origin().commit().map(c -> run + " at " + GfmText.code(c.substring(0, Math.min(8, c.length()))))
                .orElse(run));
        md.append(String.join(" · ", footer)).append('\n');
        if (runPage.isPresent()) {
            md.append("\n<details><summary>Summary card").append(links.screenshot().isPresent() ? " and screenshot" : "")
                    .append("</summary>\n\n");
            md.append("[![summary of run ").append(GfmText.text(results.runId())).append("](").append(runPage.get())
                    .append("/card.png)](").append(runPage.get()).append(")\n");
            links.screenshot().ifPresent(file -> md.append("\n![landing page of ").append(results.spec().recipe())
                    .append("](").append(runPage.get()).append("/files/").append(file).append(")\n"));
            md.append("\n</details>\n");
        }
        return md.toString();
    }

    /**
     * The verdict in a few words, without the cause (which follows it, once): {@code level 2 of 4},
     * {@code aborted (SIGTERM), no level}, {@code no level: infrastructure error (not the recipe's fault)}.
     */
    public static String verdictHeadline(RunResults results) {
        String lane = results.spec().quick() ? "quick-lane " : "";
        return switch (results.verdict()) {
            case PASSED -> lane + levelText(results) + ", every rung that ran passed";
            case APP_FAILED -> lane + levelText(results);
            case INFRASTRUCTURE_ERROR -> "no level: infrastructure error (cc-ci or its host failed, not the recipe)";
            case ABORTED -> "aborted (" + results.abortCause().orElse("unknown cause") + "), no level";
            case BAD_INPUT -> "no level: bad input, nothing was deployed";
        };
    }

    /** The verdict in one line of plain text, cause included (the commit status, a log line). */
    public static String verdictLine(RunResults results) {
        return capitalised(verdictHeadline(results)) + results.cause().map(c -> ": " + c.summary()).orElse("") + ".";
    }

    /** The change against main: {@code main is at level 4: upgrade regressed}, or that main is not known. */
    public static String delta(RunResults results, Baseline baseline) {
        if (!baseline.known()) {
            return "main: unknown";
        }
        if (!baseline.run()) {
            return "main has no run yet";
        }
        String main = baseline.kind().equals("release") ? "the newest release" : "main";
        if (baseline.level().isEmpty()) {
            return main + "'s latest run has no level";
        }
        int level = results.reportedLevel().orElse(0);
        int mainLevel = baseline.level().get();
        if (level == mainLevel) {
            return "same as " + main;
        }
        String at = main + " is at level " + mainLevel;
        if (level > mainLevel) {
            return at + ": improved";
        }
        String broke = results.rungs().stream().filter(r -> r.stage().level() == level + 1).findFirst()
                .map(r -> r.stage().id()).orElse("level " + (level + 1));
        return at + ": " + broke + " regressed";
    }

    /**
     * A rung's note, never a copy of the cause: the failing rung points at it; a rung that did not
     * run says why in a few words; a passed rung names its versions.
     */
    static String note(RunResults results, RungResult rung) {
        return note(results, rung, Baseline.UNKNOWN);
    }

    /** The note, and for a failed rung the recipe knows to be flaky, that it is (it stays a failure). */
    static String note(RunResults results, RungResult rung, Baseline baseline) {
        String note = plainNote(results, rung);
        String flaky = rung.status() == RungStatus.FAIL ? baseline.flaky().get(rung.stage()) : null;
        return flaky == null ? note : note + " (known flaky on this recipe: " + flaky + ")";
    }

    private static String plainNote(RunResults results, RungResult rung) {
        String versions = versionsAndDataCheck(rung);
        String reason = rung.reason().map(RunReport::firstLine).orElse("");
        if (rung.status() == RungStatus.FAIL && isTheCause(results, rung)) {
            reason = SEE_CAUSE;
        }
        return reason.isEmpty() ? versions : versions.isEmpty() ? reason : reason + " [" + versions + "]";
    }

    /** The rung the cause came from: the first that failed (setup's failed deploy counts as install's). */
    private static boolean isTheCause(RunResults results, RungResult rung) {
        return results.cause().isPresent()
                && results.rungs().stream().filter(r -> r.status() == RungStatus.FAIL).findFirst().orElse(null) == rung;
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("").strip();
        return line.length() > 160 ? line.substring(0, 159) + "…" : line;
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

    /** "level 3 of 4", or "no level" when the verdict gives none. */
    public static String levelText(RunResults results) {
        return results.reportedLevel().map(level -> "level " + level + " of " + Ladder.TOP).orElse("no level");
    }

    private static String runLabel(RunResults results) {
        return results.spec().pr().map(pr -> " PR " + pr).orElse(results.spec().ref().map(r -> " at " + r).orElse(""));
    }

    private static String mark(Verdict verdict) {
        return switch (verdict) {
            case PASSED -> "✅";
            case APP_FAILED -> "❌";
            case INFRASTRUCTURE_ERROR, BAD_INPUT -> "⚠️";
            case ABORTED -> "⏹️";
        };
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

    /** A rung that did not run has no time worth showing. */
    private static String time(RungResult rung) {
        return rung.durationMillis() == 0 && rung.status() != RungStatus.PASS && rung.status() != RungStatus.FAIL
                ? "–" : seconds(rung.durationMillis());
    }

    static String seconds(long millis) {
        return String.format("%.1fs", millis / 1000.0);
    }

    /** When the run finished, in UTC with the zone said. */
    public static String finishedAt(RunResults results) {
        Instant end = results.startedAt().plusMillis(results.durationMillis());
        return UTC_TIME.format(end);
    }
}
