package org.coopcloud.ccci.dashboard.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.dashboard.runs.CheckOutcome;
import org.coopcloud.ccci.dashboard.runs.FlakeLedger;
import org.coopcloud.ccci.dashboard.runs.RunCatalog;
import org.coopcloud.ccci.dashboard.runs.RunCause;
import org.coopcloud.ccci.dashboard.runs.RunDirectoryReader;
import org.coopcloud.ccci.dashboard.runs.RunEvent;
import org.coopcloud.ccci.dashboard.runs.RunFiles;
import org.coopcloud.ccci.dashboard.runs.RunKind;
import org.coopcloud.ccci.dashboard.runs.RunState;
import org.coopcloud.ccci.dashboard.runs.RunView;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.coopcloud.ccci.engine.results.Ladder;
import org.coopcloud.ccci.engine.results.RunEstimate;
import org.coopcloud.ccci.engine.results.RunReport;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;
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
    /** PR runs shown beside main's level in an overview row. */
    public static final int PR_RUNS_SHOWN = 3;
    /** Runs drawn in a recipe's level chart, oldest left. */
    public static final int CHART_RUNS = 40;
    /** How often a running run's page reloads itself (a meta refresh: the pages run no script). */
    public static final int REFRESH_SECONDS = 15;

    private Pages() {
    }

    public record RungChip(String stage, String status, String title, boolean flaky) {
    }

    /**
     * @param kind  "main", "release", "PR", "quick", or "" while running or unreadable
     * @param when  the absolute start time, with its zone
     * @param ago   the same, relative to the page's time
     * @param ref   the ref tested; "default branch" for a main run without one
     * @param delta a PR run's level against the recipe's main ("" for main's own runs)
     */
    public record RunRow(String runId, Outcome outcome, String kind, String when, String ago, String duration, String ref,
            String pr, String src, boolean quick, String commit, String delta, List<RungChip> rungs) {
    }

    /** One run in an overview row's history; a quick-lane run is drawn apart (lower confidence). */
    public record HistoryDot(String runId, String tone, String text, String title, boolean quick) {
    }

    /**
     * @param main     the run the headline stands on (main's latest, else the newest release's); null when none
     * @param prs      the newest PR runs, each with its delta against main
     * @param latest   the newest run of any kind
     */
    public record RecipeRow(String recipe, RunRow main, List<RunRow> prs, RunRow latest, List<HistoryDot> history, int runs) {
    }

    public record OverviewPage(List<RecipeRow> recipes, List<RunRow> unattributed) {
    }

    /** A dot of the level chart: x and y in the chart's own units; no level (infra error, aborted) sits on the floor as a cross. */
    public record ChartPoint(int x, int y, String tone, String title, String href, boolean baseline, boolean noLevel) {
    }

    public record Chart(int width, int height, List<ChartPoint> points, String mainLine, List<Integer> levelYs) {
        public int yOf(int level) {
            return Pages.chartY(level);
        }
    }

    public record FlakeRow(String stage, int repeated, int flaky, String commits) {
    }

    public record RecipePage(String recipe, RunRow main, String mainNote, List<RunRow> runs, int total, int cap, Chart chart,
            List<FlakeRow> flakes, int flakeRuns, boolean anyFlake) {
    }

    public record RungRow(String stage, int level, String status, String reason, String failureKind, String versions,
            String duration, boolean ran) {
    }

    public record StepRow(String name, String status, String reason, String failureKind) {
    }

    public record EventRow(String time, String name, String fields, boolean unreadable) {
    }

    public record FileLink(String name, String href) {
    }

    /** A check by its display name, under its rung; a stack trace only for cc-ci's own errors. */
    public record CheckRow(String rung, String name, String status, String seconds, String message, String stackTrace) {
    }

    /** The decisive part of a failure: one line, where, the log lines that say it. */
    public record Cause(String summary, String where, List<String> lines) {
    }

    /** Where a running run is: its current rung, how long it has run, when it should end. */
    public record Progress(String current, String elapsed, String eta, List<RungChip> done) {
    }

    public record RunPage(String recipe, RunRow row, String levelText, String domain, String stages, String reproduce,
            List<RungRow> rungs, List<StepRow> steps, List<CheckRow> checks, String checksProblem,
            List<EventRow> events, List<FileLink> files, String screenshotHref, String problem, Cause cause,
            List<FileLink> links, Progress progress, int refresh) {
    }

    public static OverviewPage overview(RunCatalog catalog, Instant now) {
        List<RecipeRow> recipes = new ArrayList<>();
        List<RunRow> unattributed = new ArrayList<>();
        for (RunCatalog.RecipeRuns group : catalog.newestByRecipe(HISTORY)) {
            if (group.recipe().equals(RunCatalog.UNKNOWN_RECIPE)) {
                catalog.ofRecipe(RunCatalog.UNKNOWN_RECIPE, RECIPE_PAGE_CAP)
                        .forEach(run -> unattributed.add(row(run, Optional.empty(), Optional.empty(), now)));
                continue;
            }
            // Only what the index answers in one query each: the newest HISTORY runs, and the baseline.
            List<RunView> newest = group.newest();
            Optional<RunView> baseline = catalog.baseline(group.recipe());
            List<HistoryDot> history = new ArrayList<>();
            for (RunView run : newest) {
                Outcome o = Outcome.of(run);
                boolean quick = run.recorded().map(r -> r.results().spec().quick()).orElse(false);
                history.add(new HistoryDot(run.id(), o.tone(), dotText(o), "run " + run.id() + kindSuffix(run) + ", "
                        + Format.when(run.when()) + ": " + o.shortText() + (quick ? " (quick lane)" : ""), quick));
            }
            List<RunRow> prs = newest.stream().filter(run -> run.kind().filter(k -> k == RunKind.PR).isPresent())
                    .limit(PR_RUNS_SHOWN).map(run -> row(run, baseline, Optional.empty(), now)).toList();
            recipes.add(new RecipeRow(group.recipe(), baseline.map(b -> row(b, baseline, Optional.empty(), now)).orElse(null),
                    prs, row(newest.get(0), baseline, Optional.empty(), now), history, group.total()));
        }
        return new OverviewPage(recipes, unattributed);
    }

    /** @return empty for a recipe with no runs here: its page is a 404, as for any unknown name */
    public static Optional<RecipePage> recipe(RunCatalog catalog, String recipe, Instant now) {
        List<RunView> runs = catalog.ofRecipe(recipe, RECIPE_PAGE_CAP);
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        // The page, the ledger and the chart all stand on the newest RECIPE_PAGE_CAP runs, plus the baseline.
        Optional<RunView> baseline = catalog.baseline(recipe);
        FlakeLedger ledger = FlakeLedger.of(runs, FlakeLedger.DEFAULT_RUNS);
        List<RunRow> rows = runs.stream().map(run -> row(run, baseline, Optional.of(ledger), now)).toList();
        String note = baseline.isEmpty() ? "Main has no run yet: no headline level. The PR runs below are compared with nothing."
                : baseline.get().kind().orElse(RunKind.MAIN) == RunKind.RELEASE
                ? "Main has no run yet: the headline is the newest release's run." : "";
        List<FlakeRow> flakes = ledger.rungs().stream().map(r -> new FlakeRow(r.stage().id(), r.repeated(), r.flaky(),
                String.join(", ", r.flakyCommits().stream().map(Pages::shortSha).toList()))).toList();
        return Optional.of(new RecipePage(recipe, baseline.map(b -> row(b, baseline, Optional.of(ledger), now)).orElse(null), note,
                rows, catalog.countOf(recipe), RECIPE_PAGE_CAP, chart(runs), flakes, ledger.runs(), ledger.any()));
    }

    public static RunRow row(RunView run, Optional<RunView> baseline, Optional<FlakeLedger> flakes, Instant now) {
        Optional<RunResults> results = run.recorded().map(r -> r.results());
        Optional<String> commit = run.commit();
        List<RungChip> chips = results.map(r -> r.rungs().stream()
                .map(rung -> {
                    boolean flaky = commit.isPresent() && flakes.map(l -> l.isFlaky(commit.get(), rung.stage())).orElse(false);
                    return new RungChip(rung.stage().id(), rung.status().id(), rung.stage().id() + ": " + rung.status().id()
                            + rung.reason().map(reason -> " (" + oneLine(reason, 200) + ")").orElse("")
                            + (flaky ? "; flaky: commit " + shortSha(commit.get()) + " got different verdicts on this rung" : ""),
                            flaky);
                })
                .toList()).orElse(List.of());
        long duration = results.map(RunResults::durationMillis).orElse(-1L);
        String kind = run.kind().map(k -> k == RunKind.PR ? "PR" : k.id()).orElse("");
        String ref = results.flatMap(r -> r.spec().ref()).orElse(run.kind().filter(k -> k == RunKind.MAIN).isPresent() ? "default branch" : "");
        return new RunRow(run.id(), Outcome.of(run), kind, Format.when(run.when()), Format.ago(run.when(), now),
                duration < 0 ? "" : Format.duration(duration), ref,
                results.flatMap(r -> r.spec().pr()).map(String::valueOf).orElse(""),
                results.flatMap(r -> r.spec().src()).orElse(""),
                results.map(r -> r.spec().quick()).orElse(false), commit.map(Pages::shortSha).orElse(""),
                delta(run, baseline), chips);
    }

    /** A PR's (or quick run's) level against the recipe's baseline, in words; "" for a baseline run itself. */
    static String delta(RunView run, Optional<RunView> baseline) {
        if (run.kind().isEmpty() || run.kind().get().isBaseline()) {
            return "";
        }
        if (baseline.isEmpty()) {
            return "main has no run yet";
        }
        String base = baseline.get().kind().orElse(RunKind.MAIN) == RunKind.RELEASE ? "the newest release" : "main";
        Optional<Integer> baseLevel = baseline.get().recorded().flatMap(r -> r.results().reportedLevel());
        if (baseLevel.isEmpty()) {
            return base + "'s latest run has no level";
        }
        Optional<Integer> level = run.recorded().flatMap(r -> r.results().reportedLevel());
        if (level.isEmpty()) {
            return base + " is at level " + baseLevel.get();
        }
        int d = level.get() - baseLevel.get();
        return d == 0 ? "same as " + base + " (level " + baseLevel.get() + ")"
                : base + " is at level " + baseLevel.get() + ": " + Math.abs(d) + (d < 0 ? " below" : " above");
    }

    public static RunPage run(RunView run, RunCatalog catalog, Instant now) {
        RunDirectoryReader.Details details = RunDirectoryReader.details(run);
        Optional<RunResults> results = run.recorded().map(r -> r.results());
        List<RungRow> rungs = new ArrayList<>();
        List<StepRow> steps = new ArrayList<>();
        results.ifPresent(r -> {
            for (RungResult rung : r.rungs()) {
                boolean ran = rung.status() == RungStatus.PASS || rung.status() == RungStatus.FAIL;
                rungs.add(new RungRow(rung.stage().id(), rung.stage().level(), rung.status().id(),
                        ran ? rung.reason().orElse("") : notRun(rung.reason()),
                        rung.failureKind().map(FailureKind::id).orElse(""), Format.versions(rung.versions()),
                        ran ? Format.duration(rung.durationMillis()) : "", ran));
            }
            steps.add(step("setup", r.setup()));
            steps.add(step("teardown", r.teardown()));
        });
        boolean ours = run.recorded().map(r -> r.verdict().equals("infrastructure-error")).orElse(false);
        List<CheckRow> checks = details.checks().stream().map(c -> check(c, ours)).toList();
        List<EventRow> events = details.events().stream().map(Pages::event).toList();
        List<FileLink> files = run.files().stream().map(f -> new FileLink(f, "/runs/" + run.id() + "/files/" + f)).toList();
        List<FileLink> links = new ArrayList<>();
        run.recorded().ifPresent(r -> {
            // the PR first, then what it deployed, then where it ran
            Optional.ofNullable(r.links().get("pr")).ifPresent(url -> links.add(new FileLink("the pull request", url)));
            Optional.ofNullable(r.links().get("commit")).ifPresent(url -> links.add(new FileLink(
                    r.commit().map(c -> "commit " + shortSha(c)).orElse("the commit"), url)));
            Optional.ofNullable(r.links().get("build")).ifPresent(url -> links.add(new FileLink("the Drone build", url)));
        });
        Optional<RunView> baseline = run.recipe().flatMap(recipe -> catalog.baseline(recipe));
        Progress progress = run.state() == RunState.RUNNING ? progress(run, details.events(), catalog, now) : null;
        return new RunPage(run.recipe().orElse("unknown recipe"), row(run, baseline, Optional.empty(), now),
                results.map(RunReport::levelText).orElse(Outcome.of(run).shortText()),
                results.map(RunResults::domain).orElse(""),
                results.map(r -> String.join(", ", r.spec().stages().stream().sorted().map(Stage::id).toList())).orElse(""),
                results.map(RunReport::reproduceCommand).orElse(""), rungs, steps, checks,
                details.checksProblem().orElse(""), events, files,
                run.screenshot().map(f -> "/runs/" + run.id() + "/files/" + f).orElse(""), run.problem().orElse(""),
                cause(run).orElse(null), links, progress, progress == null ? 0 : REFRESH_SECONDS);
    }

    /** results.json's cause; for a run written before it existed, the verdict line stands in (without log lines). */
    private static Optional<Cause> cause(RunView run) {
        if (run.recorded().isEmpty() || run.recorded().get().verdict().equals("passed")) {
            return Optional.empty();
        }
        Optional<RunCause> recorded = run.recorded().get().cause();
        if (recorded.isPresent()) {
            return Optional.of(new Cause(recorded.get().summary(), recorded.get().where().orElse(""), recorded.get().lines()));
        }
        return Optional.of(new Cause(RunReport.verdictLine(run.recorded().get().results()), "", List.of()));
    }

    /** "not run: setup failed", never a copy of the reason of what stopped it. */
    static String notRun(Optional<String> reason) {
        String why = reason.map(r -> r.strip()).orElse("");
        if (why.startsWith("not run")) {
            return oneLine(why, 120);
        }
        int colon = why.indexOf(": ");
        // "setup failed: <the setup's whole reason>" and the like: the prefix says why; the reason is on its own row.
        if (colon > 0 && why.substring(0, colon).matches("[a-z ]+ (failed|aborted|cancelled)|run aborted")) {
            why = why.substring(0, colon);
        }
        return "not run" + (why.isEmpty() ? "" : ": " + oneLine(why, 120));
    }

    private static Progress progress(RunView run, List<RunEvent> events, RunCatalog catalog, Instant now) {
        Optional<Instant> started = Optional.empty();
        Optional<Instant> finish = Optional.empty();
        String current = "setup";
        String stages = "";
        List<RungChip> done = new ArrayList<>();
        for (RunEvent e : events) {
            switch (e.name()) {
                case "run.start" -> {
                    started = e.timestamp().flatMap(Pages::instant);
                    stages = e.fields().getOrDefault("stages", "");
                }
                case "run.estimate" -> finish = Optional.ofNullable(e.fields().get("expected_finish")).flatMap(Pages::instant);
                case "tier.start" -> current = e.fields().getOrDefault("stage", "?");
                case "tier.done" -> {
                    String stage = e.fields().getOrDefault("stage", "?");
                    String status = e.fields().getOrDefault("status", "?");
                    done.add(new RungChip(stage, status, stage + ": " + status, false));
                    current = "between rungs";
                }
                case "teardown.start" -> current = "teardown";
                default -> {
                }
            }
        }
        if (current.equals("between rungs") || current.equals("setup")) {
            // between a rung's end and the next one's start, or still in setup: name what comes next
            current = current.equals("setup") ? "setup and deploy" : current;
        } else if (!current.equals("teardown")) {
            int total = stages.isEmpty() ? 0 : stages.split(",").length;
            current = current + " (rung " + (done.size() + 1) + (total > 0 ? " of " + total : "") + ")";
        }
        if (finish.isEmpty() && started.isPresent() && !stages.isEmpty() && run.recipe().isPresent()) {
            // An older harness wrote no run.estimate event: the same rule, over the runs this dashboard has.
            List<java.nio.file.Path> files = catalog.resultsFiles(run.recipe().get());
            Instant from = started.get();
            // results.json lists the stages in ladder order, as run.start does; sort anyway, as the estimate API does
            List<String> ladder = java.util.Arrays.stream(stages.split(",")).map(String::strip).map(Stage::fromId)
                    .flatMap(Optional::stream).sorted().map(Stage::id).toList();
            finish = RunEstimate.fromResults(files, run.recipe().get(), ladder, false)
                    .map(estimate -> from.plus(estimate.median()));
        }
        String elapsed = started.map(s -> Format.span(Duration.between(s, now))).orElse("unknown");
        String eta = finish.map(f -> f.isAfter(now)
                ? "expected to finish at " + Format.time(f) + ", in about " + Format.span(Duration.between(now, f))
                : "expected to finish at " + Format.time(f) + "; running " + Format.span(Duration.between(f, now)) + " longer than usual")
                .orElse("no estimate yet (no earlier passed run with these stages)");
        return new Progress(current, elapsed, eta, done);
    }

    private static Chart chart(List<RunView> newestFirst) {
        // A running run has no level yet: it joins the chart when it ends.
        List<RunView> runs = new ArrayList<>(newestFirst.stream().filter(r -> r.state() != RunState.RUNNING).limit(CHART_RUNS).toList());
        java.util.Collections.reverse(runs);
        int step = 18;
        int width = Math.max(200, 20 + step * runs.size());
        List<ChartPoint> points = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            RunView run = runs.get(i);
            Outcome o = Outcome.of(run);
            Optional<Integer> level = run.recorded().flatMap(r -> r.results().reportedLevel())
                    .filter(l -> !run.recorded().get().verdict().equals("aborted"));
            boolean baseline = run.kind().filter(RunKind::isBaseline).isPresent();
            int x = 14 + step * i;
            int y = chartY(level.orElse(0));
            String duration = run.recorded().map(r -> ", " + Format.duration(r.results().durationMillis())).orElse("");
            points.add(new ChartPoint(x, level.isPresent() ? y : chartY(0) + 10, o.tone(), "run " + run.id() + kindSuffix(run) + ", "
                    + Format.when(run.when()) + ": " + o.shortText() + duration + run.commit().map(c -> ", commit " + shortSha(c)).orElse(""),
                    "/runs/" + run.id(), baseline, level.isEmpty()));
            if (baseline && level.isPresent()) {
                line.append(line.length() == 0 ? "" : " ").append(x).append(',').append(y);
            }
        }
        List<Integer> levelYs = new ArrayList<>();
        for (int l = 0; l <= Ladder.TOP; l++) {
            levelYs.add(chartY(l));
        }
        return new Chart(width, chartY(0) + 20, points, line.toString(), levelYs);
    }

    static int chartY(int level) {
        return 10 + (Ladder.TOP - level) * 20;
    }

    private static String kindSuffix(RunView run) {
        return run.kind().map(k -> switch (k) {
            case PR -> " (PR" + run.recorded().flatMap(r -> r.results().spec().pr()).map(n -> " #" + n).orElse("") + ")";
            case MAIN -> " (main)";
            case RELEASE -> " (release)";
            case QUICK -> " (quick)";
        }).orElse("");
    }

    private static String dotText(Outcome o) {
        return o.tone().startsWith("l") ? o.tone().substring(1) : switch (o.tone()) {
            case "infra" -> "!";
            case "running" -> "…";
            case "aborted" -> "×";
            default -> "?";
        };
    }

    private static CheckRow check(CheckOutcome c, boolean ccciError) {
        String name = c.name();
        String rung = "setup";
        int slash = name.indexOf('/');
        if (slash > 0) {
            rung = name.substring(0, slash);
            String rest = name.substring(slash + 1);
            int dot = rest.indexOf('.');
            // "<tier>/<TierClass>.<display name>": the class is the suite's business, the display name the reader's.
            name = dot >= 0 ? rest.substring(dot + 1) : rest;
        }
        String trace = ccciError ? c.detail().orElse("") : "";
        return new CheckRow(rung, name, c.status(), String.format("%.2f s", c.seconds()), c.message().orElse(""), trace);
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

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    private static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }
}
