package org.coopcloud.ccci.dashboard.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every run the dashboard knows: the runs published to its store and, on a one-host install, the
 * host's own runs directory. Both are directories of run directories read the same way, so a user
 * cannot tell where a run came from. A run id present in both is shown once (the published copy).
 * Parsed runs are cached until one of their files changes.
 */
public final class RunCatalog {
    /** The run id under which runs whose recipe cannot be read are grouped on the overview. */
    public static final String UNKNOWN_RECIPE = "";

    private final List<Source> sources;
    private final Clock clock;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    /** A directory of run directories; runs received by publishing are never still running. */
    public record Source(Path directory, boolean mayBeRunning) {
    }

    private record Cached(List<FileTime> stamps, RunView view) {
    }

    public RunCatalog(List<Source> sources, Clock clock) {
        this.sources = List.copyOf(sources);
        this.clock = clock;
    }

    /** Every run, newest first (ties by id, so the order is stable). */
    public List<RunView> all() {
        Map<String, RunView> byId = new LinkedHashMap<>();
        for (Source source : sources) {
            for (Path directory : runDirectories(source.directory())) {
                String id = directory.getFileName().toString();
                if (!byId.containsKey(id)) {
                    byId.put(id, view(directory, source.mayBeRunning()));
                }
            }
        }
        List<RunView> runs = new ArrayList<>(byId.values());
        runs.sort(Comparator.comparing(RunView::when).reversed().thenComparing(RunView::id, Comparator.reverseOrder()));
        return runs;
    }

    public Optional<RunView> find(String id) {
        if (!RunFiles.isRunId(id)) {
            return Optional.empty();
        }
        for (Source source : sources) {
            Path directory = source.directory().resolve(id);
            if (Files.isDirectory(directory)) {
                return Optional.of(view(directory, source.mayBeRunning()));
            }
        }
        return Optional.empty();
    }

    /** Runs grouped by recipe, recipes by name, each recipe's runs newest first. */
    public Map<String, List<RunView>> byRecipe() {
        Map<String, List<RunView>> groups = new TreeMap<>();
        for (RunView run : all()) {
            groups.computeIfAbsent(run.recipe().orElse(UNKNOWN_RECIPE), r -> new ArrayList<>()).add(run);
        }
        return groups;
    }

    public List<RunView> ofRecipe(String recipe) {
        return all().stream().filter(r -> r.recipe().filter(recipe::equals).isPresent()).toList();
    }

    /** The run the recipe's headline stands on: {@link Baseline}. */
    public Optional<RunView> baseline(String recipe) {
        return Baseline.of(ofRecipe(recipe));
    }

    private RunView view(Path directory, boolean mayBeRunning) {
        List<FileTime> stamps = stamps(directory);
        Cached cached = cache.get(directory);
        // A running run's state depends on the clock too, so it is read afresh each time.
        if (cached != null && cached.stamps().equals(stamps) && cached.view().state() != RunState.RUNNING) {
            return cached.view();
        }
        RunView view = RunDirectoryReader.read(directory, mayBeRunning, clock.instant());
        cache.put(directory, new Cached(stamps, view));
        return view;
    }

    private static List<FileTime> stamps(Path directory) {
        List<FileTime> stamps = new ArrayList<>();
        for (String name : List.of(RunFiles.RESULTS, RunFiles.PR_COMMENT, RunFiles.EVENTS, RunFiles.SCREENSHOT, RunFiles.REPORTS)) {
            try {
                stamps.add(Files.getLastModifiedTime(directory.resolve(name)));
            } catch (IOException e) {
                stamps.add(FileTime.fromMillis(-1));
            }
        }
        return stamps;
    }

    private static List<Path> runDirectories(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(Files::isDirectory).filter(p -> RunFiles.isRunId(p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
