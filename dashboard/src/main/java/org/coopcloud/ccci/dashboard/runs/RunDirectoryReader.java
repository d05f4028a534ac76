package org.coopcloud.ccci.dashboard.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * Reads one run directory into a {@link RunView}. Never throws for what is in the directory: a
 * missing, half-written or damaged file becomes the run's state and problem, so one bad run never
 * breaks a page.
 */
public final class RunDirectoryReader {
    /**
     * How long an event log without results.json still counts as a live run: longer than the
     * harness's default hard deadline (3600 s) plus its teardown. A run killed outright
     * (SIGKILL, power loss) shows as incomplete after this.
     */
    public static final Duration RUNNING_WINDOW = Duration.ofHours(2);

    private static final Logger LOG = Logger.getLogger(RunDirectoryReader.class.getName());

    private RunDirectoryReader() {
    }

    /**
     * @param mayBeRunning false for runs received by publishing: they were sent after the run
     *                     ended, so a missing results.json means incomplete, never running
     */
    public static RunView read(Path directory, boolean mayBeRunning, Instant now) {
        String id = directory.getFileName().toString();
        List<String> files = resultFiles(directory);
        Optional<RunEvent> start = Optional.empty();
        boolean done = false;
        Path events = directory.resolve(RunFiles.EVENTS);
        if (Files.isRegularFile(events)) {
            List<RunEvent> list = EventsReader.read(readText(events).orElse(""));
            start = list.stream().filter(e -> e.name().equals("run.start")).findFirst();
            done = list.stream().anyMatch(e -> e.name().equals("run.done"));
        }
        Optional<String> recipeFromEvents = start.map(e -> e.fields().get("recipe")).filter(RunDirectoryReader::isRecipe);
        Instant fallbackWhen = start.flatMap(RunEvent::timestamp).flatMap(RunDirectoryReader::instant)
                .orElseGet(() -> modified(directory).orElse(Instant.EPOCH));
        Path results = directory.resolve(RunFiles.RESULTS);
        if (Files.isRegularFile(results)) {
            Optional<String> text = readText(results);
            if (text.isEmpty()) {
                LOG.warning("run " + id + ": " + results + " cannot be read; the run is shown as unreadable");
                return new RunView(id, directory, RunState.MALFORMED, recipeFromEvents, Optional.empty(),
                        Optional.of("results.json cannot be read"), fallbackWhen, files);
            }
            try {
                ResultsJsonReader.Recorded recorded = ResultsJsonReader.read(text.get());
                String recipe = recorded.results().spec().recipe();
                if (!isRecipe(recipe)) {
                    throw new MalformedRunException("results.json: field 'recipe' is not a recipe name");
                }
                return new RunView(id, directory, RunState.COMPLETE, Optional.of(recipe), Optional.of(recorded),
                        Optional.empty(), recorded.results().startedAt(), files);
            } catch (MalformedRunException e) {
                LOG.warning("run " + id + ": " + results + ": " + e.getMessage() + "; the run is shown as unreadable");
                return new RunView(id, directory, RunState.MALFORMED, recipeFromEvents, Optional.empty(),
                        Optional.of(e.getMessage()), fallbackWhen, files);
            }
        }
        boolean live = mayBeRunning && !done && modified(events).filter(t -> t.isAfter(now.minus(RUNNING_WINDOW))).isPresent();
        if (live) {
            return new RunView(id, directory, RunState.RUNNING, recipeFromEvents, Optional.empty(), Optional.empty(),
                    fallbackWhen, files);
        }
        String problem = Files.isRegularFile(events)
                ? "the run ended without writing results.json (killed before its teardown finished?)"
                : "neither results.json nor events.jsonl: not a run directory, or a run that never started";
        return new RunView(id, directory, RunState.INCOMPLETE, recipeFromEvents, Optional.empty(), Optional.of(problem),
                fallbackWhen, files);
    }

    /** The timeline and the checks of one run, for its page. */
    public record Details(List<RunEvent> events, List<CheckOutcome> checks, Optional<String> checksProblem) {
    }

    public static Details details(RunView run) {
        List<RunEvent> events = readText(run.directory().resolve(RunFiles.EVENTS)).map(EventsReader::read).orElse(List.of());
        List<CheckOutcome> checks = List.of();
        Optional<String> problem = Optional.empty();
        Path xml = run.directory().resolve(RunFiles.JUNIT_XML);
        if (Files.isRegularFile(xml)) {
            try {
                checks = new ArrayList<>(JUnitXmlReader.read(Files.readAllBytes(xml)));
                checks.sort(Comparator.comparingInt((CheckOutcome c) -> ladderPosition(c.name())).thenComparing(CheckOutcome::name));
            } catch (MalformedRunException | IOException e) {
                problem = Optional.of(e.getMessage());
            }
        } else {
            problem = Optional.of("no JUnit XML report (" + RunFiles.JUNIT_XML + ") in this run");
        }
        return new Details(events, checks, problem);
    }

    /** Setup first, then the checks tier by tier up the ladder. */
    private static int ladderPosition(String checkName) {
        int slash = checkName.indexOf('/');
        return slash < 0 ? -1 : Stage.fromId(checkName.substring(0, slash)).map(Enum::ordinal).orElse(Stage.values().length);
    }

    private static List<String> resultFiles(Path directory) {
        List<String> files = new ArrayList<>();
        for (String top : List.of(RunFiles.RESULTS, RunFiles.PR_COMMENT, RunFiles.EVENTS, RunFiles.SCREENSHOT)) {
            if (Files.isRegularFile(directory.resolve(top))) {
                files.add(top);
            }
        }
        Path reports = directory.resolve(RunFiles.REPORTS);
        if (Files.isDirectory(reports)) {
            try (Stream<Path> list = Files.list(reports)) {
                list.map(p -> RunFiles.REPORTS + "/" + p.getFileName()).filter(RunFiles::isResultFile)
                        .filter(f -> Files.isRegularFile(directory.resolve(f))).sorted().forEach(files::add);
            } catch (IOException e) {
                // An unreadable reports directory shows as a run without reports.
            }
        }
        return files;
    }

    private static boolean isRecipe(String name) {
        return name != null && name.matches("[a-z0-9][a-z0-9-]{0,62}");
    }

    private static Optional<String> readText(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // MalformedInputException (not UTF-8) included: the file is there but is not text we can show.
            return Optional.empty();
        }
    }

    private static Optional<Instant> modified(Path path) {
        try {
            return Optional.of(Files.getLastModifiedTime(path).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text))
                    .filter(t -> !t.isBefore(ResultsJsonReader.EARLIEST) && !t.isAfter(ResultsJsonReader.LATEST));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
