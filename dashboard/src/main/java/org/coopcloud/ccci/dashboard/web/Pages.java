package org.coopcloud.ccci.dashboard.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.dashboard.runs.CheckOutcome;
import org.coopcloud.ccci.dashboard.runs.RunCatalog;
import org.coopcloud.ccci.dashboard.runs.RunDirectoryReader;
import org.coopcloud.ccci.dashboard.runs.RunEvent;
import org.coopcloud.ccci.dashboard.runs.RunView;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.coopcloud.ccci.engine.results.RunReport;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.StepResult;

/**
 * What each page shows, worked out in Java so the templates only lay it out. Every string here is
 * plain text; the templates escape it.
 */
public final class Pages {
    /** Runs shown on a recipe page, newest first. */
    public static final int RECIPE_PAGE_CAP = 50;
    /** Runs in an overview row's history strip. */
    public static final int HISTORY = 12;

    private Pages() {
    }

    public record RungChip(String stage, String status, String title) {
    }

    public record RunRow(String runId, Outcome outcome, String when, String ago, String duration, String ref,
            String pr, String src, boolean quick, List<RungChip> rungs) {
    }

    /** One run in an overview row's history; a quick-lane run is drawn apart (lower confidence). */
    public record HistoryDot(String runId, String tone, String text, String title, boolean quick) {
    }

    public record RecipeRow(String recipe, RunRow latest, List<HistoryDot> history, int runs) {
    }

    public record OverviewPage(List<RecipeRow> recipes, List<RunRow> unattributed) {
    }

    public record RecipePage(String recipe, List<RunRow> runs, int total, int cap) {
    }

    public record RungRow(String stage, int level, String status, String reason, String failureKind, String versions,
            String duration) {
    }

    public record StepRow(String name, String status, String reason, String failureKind) {
    }

    public record EventRow(String time, String name, String fields, boolean unreadable) {
    }

    public record FileLink(String name, String href) {
    }

    public record RunPage(String recipe, RunRow row, String levelText, String domain, String stages, String reproduce,
            List<RungRow> rungs, List<StepRow> steps, List<CheckOutcome> checks, String checksProblem,
            List<EventRow> events, List<FileLink> files, String screenshotHref, String problem) {
    }

    public static OverviewPage overview(RunCatalog catalog, Instant now) {
        List<RecipeRow> recipes = new ArrayList<>();
        List<RunRow> unattributed = new ArrayList<>();
        for (RunCatalog.RecipeRuns group : catalog.newestByRecipe(HISTORY)) {
            if (group.recipe().equals(RunCatalog.UNKNOWN_RECIPE)) {
                catalog.ofRecipe(RunCatalog.UNKNOWN_RECIPE, RECIPE_PAGE_CAP).forEach(run -> unattributed.add(row(run, now)));
                continue;
            }
            List<HistoryDot> history = new ArrayList<>();
            for (RunView run : group.newest()) {
                Outcome o = Outcome.of(run);
                String text = o.tone().startsWith("l") ? o.tone().substring(1) : switch (o.tone()) {
                    case "infra" -> "!";
                    case "running" -> "…";
                    case "aborted" -> "×";
                    default -> "?";
                };
                boolean quick = run.recorded().map(r -> r.results().spec().quick()).orElse(false);
                history.add(new HistoryDot(run.id(), o.tone(), text, "run " + run.id() + ", " + Format.when(run.when())
                        + ": " + o.shortText() + (quick ? " (quick lane)" : ""), quick));
            }
            recipes.add(new RecipeRow(group.recipe(), row(group.newest().get(0), now), history, group.total()));
        }
        return new OverviewPage(recipes, unattributed);
    }

    public static RecipePage recipe(RunCatalog catalog, String recipe, Instant now) {
        List<RunRow> rows = catalog.ofRecipe(recipe, RECIPE_PAGE_CAP).stream().map(run -> row(run, now)).toList();
        return new RecipePage(recipe, rows, catalog.countOf(recipe), RECIPE_PAGE_CAP);
    }

    public static RunRow row(RunView run, Instant now) {
        Optional<RunResults> results = run.recorded().map(r -> r.results());
        List<RungChip> chips = results.map(r -> r.rungs().stream()
                .map(rung -> new RungChip(rung.stage().id(), rung.status().id(), rung.stage().id() + ": "
                        + rung.status().id() + rung.reason().map(reason -> " (" + oneLine(reason, 200) + ")").orElse("")))
                .toList()).orElse(List.of());
        long duration = results.map(RunResults::durationMillis).orElse(-1L);
        return new RunRow(run.id(), Outcome.of(run), Format.when(run.when()), Format.ago(run.when(), now),
                duration < 0 ? "" : Format.duration(duration),
                results.flatMap(r -> r.spec().ref()).orElse(""),
                results.flatMap(r -> r.spec().pr()).map(String::valueOf).orElse(""),
                results.flatMap(r -> r.spec().src()).orElse(""),
                results.map(r -> r.spec().quick()).orElse(false), chips);
    }

    public static RunPage run(RunView run, Instant now) {
        RunDirectoryReader.Details details = RunDirectoryReader.details(run);
        Optional<RunResults> results = run.recorded().map(r -> r.results());
        List<RungRow> rungs = new ArrayList<>();
        List<StepRow> steps = new ArrayList<>();
        results.ifPresent(r -> {
            for (RungResult rung : r.rungs()) {
                rungs.add(new RungRow(rung.stage().id(), rung.stage().level(), rung.status().id(), rung.reason().orElse(""),
                        rung.failureKind().map(FailureKind::id).orElse(""), Format.versions(rung.versions()),
                        Format.duration(rung.durationMillis())));
            }
            steps.add(step("setup", r.setup()));
            steps.add(step("teardown", r.teardown()));
        });
        List<EventRow> events = details.events().stream().map(Pages::event).toList();
        List<FileLink> files = run.files().stream().map(f -> new FileLink(f, "/runs/" + run.id() + "/files/" + f)).toList();
        return new RunPage(run.recipe().orElse("unknown recipe"), row(run, now),
                results.map(RunReport::levelText).orElse(Outcome.of(run).shortText()),
                results.map(RunResults::domain).orElse(""),
                results.map(r -> String.join(", ", r.spec().stages().stream().sorted().map(Stage::id).toList())).orElse(""),
                results.map(RunReport::reproduceCommand).orElse(""), rungs, steps, details.checks(),
                details.checksProblem().orElse(""), events, files,
                run.screenshot().map(f -> "/runs/" + run.id() + "/files/" + f).orElse(""), run.problem().orElse(""));
    }

    private static StepRow step(String name, StepResult step) {
        return new StepRow(name, step.passed() ? "pass" : "fail", step.reason().orElse(""),
                step.failureKind().map(FailureKind::id).orElse(""));
    }

    private static EventRow event(RunEvent e) {
        StringBuilder fields = new StringBuilder();
        e.fields().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(f -> fields.append(fields.length() == 0 ? "" : "  ").append(f.getKey()).append('=').append(f.getValue()));
        return new EventRow(e.timestamp().map(Format::clock).orElse(""), e.name(), fields.toString(), e.unreadable());
    }

    private static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }
}
