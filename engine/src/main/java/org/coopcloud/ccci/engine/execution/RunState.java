package org.coopcloud.ccci.engine.execution;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.coopcloud.ccci.engine.results.RunEstimate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.coopcloud.ccci.engine.Constants;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.RunStore;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.FailureCause;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.coopcloud.ccci.engine.results.PhaseTiming;
import org.coopcloud.ccci.engine.results.RunKind;
import org.coopcloud.ccci.engine.results.RunOrigin;
import org.coopcloud.ccci.engine.results.RunTrigger;
import org.coopcloud.ccci.engine.results.ReportLinks;
import org.coopcloud.ccci.engine.results.ResultsJson;
import org.coopcloud.ccci.engine.results.RunReport;
import org.coopcloud.ccci.engine.results.RunNotes;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;
import org.coopcloud.ccci.engine.results.StepResult;
import org.junit.platform.engine.CancellationToken;

/**
 * One run while it executes: the {@link RunContext} extensions and checks see, its setup and
 * teardown, what each rung did, and its results. Created when the run node is prepared; nothing
 * touches the disk before the setup step.
 */
public final class RunState implements RunContext {
    /** The app's landing page, taken by the harness during the run when it can. */
    static final String APP_SCREENSHOT = "app-screenshot.png";
    private final RunPlan plan;
    private final String runId;
    private final Path runDirectory;
    private final Settings settings;
    private final RunStore store = new RunStore();
    private final EventLogFile events;
    private final PrintStream console;
    private final Map<Stage, RungRecord> rungs = new EnumMap<>(Stage.class);
    private final Map<String, String> artifacts = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.Set<String> notChecked = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final java.util.concurrent.atomic.AtomicLong peakMemory = new java.util.concurrent.atomic.AtomicLong();
    private final RunExtensions extensions;
    private final Throwable extensionLoadFailure;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private volatile StepResult setup = StepResult.NOT_RUN;
    private volatile Throwable setupFailure;
    private volatile boolean directoryReady;
    private volatile Optional<Source> source = Optional.empty();

    RunState(RunPlan plan, String runId, Path runDirectory, Settings settings, ClassLoader loader, PrintStream console) {
        this.plan = plan;
        this.runId = runId;
        this.runDirectory = runDirectory;
        this.settings = settings;
        this.console = console;
        this.events = new EventLogFile(plan.spec().recipe(), console);
        for (Stage stage : plan.stagesInPlan()) {
            rungs.put(stage, new RungRecord(stage, this));
        }
        RunExtensions loaded = null;
        Throwable failure = null;
        try {
            loaded = RunExtensions.load(plan.recipeExtensions(), loader);
        } catch (Throwable t) {
            // Reported by the setup step, so it shows as a failed test rather than a lost container.
            failure = t;
        }
        this.extensions = loaded;
        this.extensionLoadFailure = failure;
    }

    @Override
    public RunSpec spec() {
        return plan.spec();
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public Path runDirectory() {
        return runDirectory;
    }

    @Override
    public String domain() {
        return plan.domain();
    }

    @Override
    public String stack() {
        return plan.stack();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public RunStore store() {
        return store;
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public Optional<Class<?>> profileClass() {
        return plan.profileClass();
    }

    @Override
    public Set<Stage> plannedStages() {
        Set<Stage> planned = java.util.EnumSet.noneOf(Stage.class);
        planned.addAll(plan.stagesInPlan());
        planned.retainAll(spec().stages());
        return planned;
    }

    @Override
    public void recordVersion(Stage stage, String role, String version) {
        RungRecord rung = rungs.get(stage);
        if (rung != null) {
            rung.putVersion(role, version);
        }
    }

    @Override
    public void recordDataCheck(Stage stage, String source) {
        RungRecord rung = rungs.get(stage);
        if (rung != null) {
            rung.putDataCheck(source);
        }
    }

    @Override
    public void recordArtifact(String name, String fileName) {
        artifacts.put(name, fileName);
    }

    @Override
    public void recordNotChecked(String what) {
        notChecked.add(what);
    }

    @Override
    public void recordPeakMemory(long bytes) {
        peakMemory.accumulateAndGet(bytes, Math::max);
    }

    RungRecord rung(Stage stage) {
        return rungs.get(stage);
    }

    RunExtensions extensions() {
        return extensions;
    }

    /** The setup step: the run directory, the event log, then every beforeRun in order. */
    void setUp() throws Exception {
        try {
            if (extensionLoadFailure != null) {
                throw new InfrastructureException("could not load the run's extensions: "
                        + RungRecord.describe(extensionLoadFailure), extensionLoadFailure);
            }
            try {
                Files.createDirectories(runDirectory);
                events.open(runDirectory);
                directoryReady = true;
            } catch (IOException e) {
                throw new InfrastructureException("cannot create the run directory " + runDirectory
                        + " (set CCCI_RUNS_DIR or ccci.runs.dir to a writable directory): " + e.getMessage(), e);
            }
            events.emit("run.start", Map.of("run_id", runId, "recipe", spec().recipe(), "domain", domain(),
                    "stages", launchedSpec().stages().stream().sorted().map(Stage::id).collect(Collectors.joining(","))));
            announceEstimate();
            extensions.beforeRun(this);
            setup = StepResult.PASSED;
            events.emit("setup.done", Map.of("status", "pass"));
        } catch (Throwable t) {
            setup = StepResult.failed(RungRecord.describe(t), FailureKind.of(t, FailureKind.INFRASTRUCTURE));
            setupFailure = t;
            events.emit("setup.done", Map.of("status", "fail"));
            throw t;
        }
    }

    /**
     * The expected finish from the median of the recipe's earlier passed runs with the same stages
     * and quick-ness (in this runs directory): an event the log shows at once, and from then on every finished
     * phase's line says how much is left.
     */
    private void announceEstimate() {
        List<String> stages = spec().stages().stream().sorted().map(Stage::id).toList();
        RunEstimate.fromEarlierRuns(runDirectory.getParent(), spec().recipe(), stages, spec().quick(), runId).ifPresent(estimate -> {
            Instant finish = startedAt.plus(estimate.median());
            events.phases().expect(estimate.median());
            events.emit("run.estimate", Map.of("expected_seconds", estimate.median().toSeconds(),
                    "expected_finish", finish.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                    "from_runs", estimate.runs()));
        });
    }

    /** Why a tier must not run now, with whether the skip is declared; empty when it may run. */
    Optional<Skip> skipFor(Stage stage, CancellationToken cancellation) {
        // A few words, never a copy of another step's reason: the cause is told once, above the rungs.
        Optional<RunAbort.Reason> abort = RunAbort.requested();
        if (abort.isPresent()) {
            return Optional.of(Skip.undeclared("not run: run aborted (" + abort.get().cause() + ")"));
        }
        if (cancellation.isCancellationRequested()) {
            return Optional.of(Skip.undeclared("not run: launch cancelled"));
        }
        if (!setup.passed()) {
            return Optional.of(Skip.undeclared("not run: " + setupFailedInWords()));
        }
        if (!spec().stages().contains(stage)) {
            return Optional.of(Skip.undeclared("not in the selected stages (" + stagesText() + ")"));
        }
        for (Stage earlier : Stage.values()) {
            if (earlier.ordinal() < stage.ordinal() && rungs.containsKey(earlier) && rungs.get(earlier).failed()) {
                return Optional.of(Skip.undeclared("not run: " + earlier.id() + " failed"));
            }
        }
        Optional<String> notApplicable = extensions.notApplicable(rungs.get(stage));
        return notApplicable.map(Skip::declared);
    }

    /** What a failed setup means for the rungs after it, in a few words. */
    private String setupFailedInWords() {
        return switch (setup.failureKind().orElse(FailureKind.INFRASTRUCTURE)) {
            case APP -> "install failed";
            case INPUT -> "bad input";
            case INFRASTRUCTURE -> "setup failed (infrastructure)";
        };
    }

    /** A rung as results.json will report it (so its event line says the same status). */
    RungResult reported(Stage stage) {
        return reportedRung(stage, rungs.get(stage));
    }

    /** Teardown, then results.json. Returns teardown's failures for the run node to throw. */
    List<Throwable> finish() {
        List<Throwable> teardownFailures = new ArrayList<>();
        events.phases().stopEstimating(); // from here on, what is left is teardown: no estimate to keep
        events.emit("teardown.start");
        if (extensions != null) {
            teardownFailures.addAll(extensions.afterRun(this));
        }
        StepResult teardown = teardownFailures.isEmpty() ? StepResult.PASSED
                : StepResult.failed(RungRecord.describe(teardownFailures.get(0)),
                        FailureKind.of(teardownFailures.get(0), FailureKind.INFRASTRUCTURE));
        events.emit("teardown.done", Map.of("status", teardown.passed() ? "pass" : "fail"));
        RunResults results = results(teardown, teardownFailures.isEmpty() ? null : teardownFailures.get(0));
        if (directoryReady) {
            try {
                // The comment first, each file renamed into place whole: whoever sees results.json
                // (the dashboard, the bridge through it) finds the finished comment beside it.
                Path comment = runDirectory.resolve(RunReport.PR_COMMENT_FILE + ".tmp");
                try {
                    Files.writeString(comment, RunReport.prComment(results, reportLinks()));
                    Files.move(comment, runDirectory.resolve(RunReport.PR_COMMENT_FILE),
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(comment); // a temp file the disk could not take is never left behind
                }
                ResultsJson.write(results, events.phases().finished(), runDirectory);
            } catch (IOException e) {
                // A run that cannot write its reports is an infrastructure error, whatever its rungs
                // found: said on stderr, and in whatever can still be written (results.json saying so).
                InfrastructureException failure = new InfrastructureException("could not write the run's reports into "
                        + runDirectory + ": " + e + " (is the disk full?)", e);
                teardownFailures.add(failure);
                System.err.println("!! cc-ci: " + failure.getMessage() + ". This run is an infrastructure error.");
                results = results(StepResult.failed(RungRecord.describe(failure), FailureKind.INFRASTRUCTURE));
                try {
                    ResultsJson.write(results, events.phases().finished(), runDirectory);
                } catch (IOException again) {
                    System.err.println("!! cc-ci: results.json could not be written either: " + again.getMessage());
                }
            }
        }
        console.print(RunReport.summary(results));
        events.emit("run.done", Map.of("level", results.reportedLevel().map(String::valueOf).orElse("none"),
                "verdict", results.verdict().id()));
        events.close();
        return teardownFailures;
    }

    RunResults results(StepResult teardown) {
        return results(teardown, null);
    }

    private RunResults results(StepResult teardown, Throwable teardownFailure) {
        List<RungResult> results = new ArrayList<>();
        Throwable firstFailure = setupFailure;
        for (Stage stage : Stage.values()) {
            RungRecord record = rungs.get(stage);
            results.add(reportedRung(stage, record));
            if (firstFailure == null && record != null && record.failure().isPresent()) {
                firstFailure = record.failure().get();
            }
        }
        if (firstFailure == null) {
            firstFailure = teardownFailure;
        }
        long duration = (System.nanoTime() - startNanos) / 1_000_000;
        RunSpec spec = launchedSpec();
        return new RunResults(spec, runId, domain(), stack(), startedAt, duration, setup, results, teardown,
                RunAbort.requested().map(RunAbort.Reason::cause), Map.copyOf(artifacts), origin(spec),
                Optional.ofNullable(firstFailure).flatMap(FailureCause::carriedBy),
                new RunNotes(List.copyOf(notChecked), peakMemory.get() > 0 ? Optional.of(peakMemory.get()) : Optional.empty()));
    }

    private RungResult reportedRung(Stage stage, RungRecord record) {
        RungResult rung = record != null ? record.toResult() : RungResult.of(stage, RungStatus.UNVERIFIED, absentReason(stage));
        if (stage == Stage.INSTALL) {
            // Install's true duration includes its deploy, which ran in setup.
            long deploy = events.phases().finished().stream().filter(p -> p.phase().equals("deploy install"))
                    .mapToLong(PhaseTiming::millis).sum();
            if (setup.failureKind().filter(k -> k == FailureKind.APP).isPresent()) {
                // The deploy in setup is what install exercises: an app that fails to come up fails install.
                // Its reason is the cause's one line; the whole reason stays once, in setup's.
                String summary = (setupFailure != null ? FailureCause.carriedBy(setupFailure) : Optional.<FailureCause>empty())
                        .orElseGet(() -> FailureCause.fromReason("install", setup.reason().orElse(""))).summary();
                return new RungResult(stage, RungStatus.FAIL, Optional.of(summary), setup.failureKind(), rung.versions(), deploy,
                        rung.dataCheck());
            }
            if (rung.status() == RungStatus.PASS || rung.status() == RungStatus.FAIL) {
                return new RungResult(stage, rung.status(), rung.reason(), rung.failureKind(), rung.versions(),
                        rung.durationMillis() + deploy, rung.dataCheck());
            }
        }
        return rung;
    }

    /** Kind, trigger, the commit the harness recorded, and the links it and Drone know. */
    private RunOrigin origin(RunSpec spec) {
        RunTrigger trigger = settings.get(Constants.TRIGGER, Constants.TRIGGER_ENV).flatMap(RunTrigger::fromId)
                .orElse(RunTrigger.MANUAL);
        // Not DRONE_COMMIT_LINK: in the bridge's custom build that is cc-ci's own commit, not the recipe's.
        return new RunOrigin(RunKind.of(spec), trigger, source.map(Source::commit),
                new RunOrigin.Links(source.flatMap(Source::prUrl), source.flatMap(Source::commitUrl),
                        settings.get(Constants.LOG_URL, Constants.LOG_URL_ENV)));
    }

    @Override
    public void recordSource(String commit, Optional<String> commitUrl, Optional<String> prUrl) {
        source = Optional.of(new Source(commit, commitUrl, prUrl));
    }

    private record Source(String commit, Optional<String> commitUrl, Optional<String> prUrl) {
    }

    /**
     * The inputs as this launch really used them: a launch that selected only some tiers (a tier
     * class or check run from an IDE) climbed only those stages, so results.json and the
     * reproduce command name them rather than every stage of the spec.
     */
    RunSpec launchedSpec() {
        Set<Stage> dropped = EnumSet.noneOf(Stage.class);
        dropped.addAll(plan.stagesWithTierClasses());
        dropped.removeAll(plan.stagesInPlan());
        if (dropped.isEmpty() || !spec().stages().stream().anyMatch(dropped::contains)) {
            return spec();
        }
        Set<Stage> stages = EnumSet.noneOf(Stage.class);
        stages.addAll(spec().stages());
        stages.removeAll(dropped);
        if (stages.isEmpty()) {
            return spec(); // only the setup step was selected: no stage list says that
        }
        RunSpec spec = spec();
        return new RunSpec(spec.recipe(), spec.ref(), spec.pr(), spec.src(), stages, spec.quick());
    }

    /** The dashboard and log links of pr-comment.md, and the app screenshot when the run took one. */
    private ReportLinks reportLinks() {
        Optional<String> screenshot = Files.isRegularFile(runDirectory.resolve(APP_SCREENSHOT))
                ? Optional.of(APP_SCREENSHOT) : Optional.empty();
        return new ReportLinks(settings.get(Constants.DASHBOARD_URL, Constants.DASHBOARD_URL_ENV),
                settings.get(Constants.LOG_URL, Constants.LOG_URL_ENV), screenshot);
    }

    private String absentReason(Stage stage) {
        if (!spec().stages().contains(stage)) {
            return "not in the selected stages (" + stagesText() + ")";
        }
        if (!plan.stagesWithTierClasses().contains(stage)) {
            return "this recipe has no " + stage.id() + " tier classes";
        }
        return "not selected in this launch";
    }

    private String stagesText() {
        return spec().stages().stream().sorted().map(Stage::id).collect(Collectors.joining(","));
    }

    /** A reason not to run a tier, and whether the recipe or harness declared it. */
    record Skip(String reason, boolean declared) {
        static Skip declared(String reason) {
            return new Skip(reason, true);
        }

        static Skip undeclared(String reason) {
            return new Skip(reason, false);
        }
    }

    /** The part of a run fixed at discovery. */
    public record RunPlan(RunSpec spec, String domain, String stack, Optional<Class<?>> profileClass,
            List<Class<? extends org.coopcloud.ccci.engine.api.Extension>> recipeExtensions,
            Set<Stage> stagesInPlan, Set<Stage> stagesWithTierClasses) {
    }
}
