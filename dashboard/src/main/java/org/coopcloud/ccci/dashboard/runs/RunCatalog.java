package org.coopcloud.ccci.dashboard.runs;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.RungResult;

/**
 * Every run the dashboard knows: the runs published to its store and, on a one-host install, the
 * host's own runs directory. Both are directories of run directories read the same way, so a user
 * cannot tell where a run came from. A run id present in both is shown once (the published copy).
 *
 * <p>Pages and badges ask the {@link RunIndex} (SQLite), never the directories: the index is brought
 * up to date when the catalog opens (new, changed and removed run directories), when a run is
 * published ({@link #refresh}), and as run directories appear and change (a file watch on each
 * source and on each run still being written, and a pass every {@link #BACKSTOP} for what a watch
 * cannot see). Runs built from index rows are kept in a bounded cache.
 */
public final class RunCatalog implements AutoCloseable {
    /** The run id under which runs whose recipe cannot be read are grouped on the overview. */
    public static final String UNKNOWN_RECIPE = "";
    /** How often the watcher also looks for itself (a change inside a run's reports/, a missed event). */
    public static final Duration BACKSTOP = Duration.ofSeconds(30);
    /** Runs built from rows kept in memory: an overview's worth (200 recipes x 12) and more. */
    static final int VIEW_CACHE = 4096;
    private static final Logger LOG = Logger.getLogger(RunCatalog.class.getName());
    private static final List<String> STAMPED = List.of(RunFiles.RESULTS, RunFiles.PR_COMMENT, RunFiles.EVENTS,
            RunFiles.SCREENSHOT, RunFiles.REPORTS);

    private final List<Source> sources;
    private final Clock clock;
    private final RunIndex index;
    private final Optional<Path> temporaryIndex;
    private final Map<String, Cached> views = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > VIEW_CACHE;
        }
    });
    private final Object refreshing = new Object();
    private final WatchService watcher;
    private final Map<WatchKey, Path> watched = new ConcurrentHashMap<>();
    private final Map<String, WatchKey> watchedRuns = new ConcurrentHashMap<>();
    private final Thread watching;
    private volatile boolean closed;

    /** A directory of run directories; runs received by publishing are never still running. */
    public record Source(Path directory, boolean mayBeRunning) {
    }

    /** A recipe's newest runs (newest first) and how many it has in all. */
    public record RecipeRuns(String recipe, List<RunView> newest, int total) {
    }

    private record Cached(String stamps, RunState state, RunView view) {
    }

    private record Newest(long generation, int perRecipe, List<RecipeRuns> recipes) {
    }

    private volatile Newest newest;

    private record Baselines(long generation, Map<String, RunView> byRecipe) {
    }

    private volatile Baselines baselines;

    /** A catalog whose index lives in a temporary file, removed by {@link #close}. */
    public RunCatalog(List<Source> sources, Clock clock) {
        this(sources, clock, Optional.empty());
    }

    /**
     * @param indexFile where the index is kept (the dashboard's store); empty for a temporary one
     */
    public RunCatalog(List<Source> sources, Clock clock, Optional<Path> indexFile) {
        this.sources = List.copyOf(sources);
        this.clock = clock;
        try {
            if (indexFile.isPresent()) {
                Files.createDirectories(indexFile.get().toAbsolutePath().getParent());
                temporaryIndex = Optional.empty();
                index = RunIndex.open(indexFile.get());
            } else {
                temporaryIndex = Optional.of(Files.createTempFile("ccci-run-index-", ".sqlite"));
                index = RunIndex.open(temporaryIndex.get());
            }
            watcher = java.nio.file.FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Source source : this.sources) {
            watch(source.directory());
        }
        reconcile(true);
        watching = new Thread(this::watchLoop, "ccci-run-index-watcher");
        watching.setDaemon(true);
        watching.start();
    }

    // ---- queries: each one index query ----

    /** Every run, newest first (ties by id, so the order is stable). */
    public List<RunView> all() {
        return views(index.select("ORDER BY started_at DESC, id DESC"));
    }

    /** One run, read afresh from its directory when its files changed since it was indexed. */
    public Optional<RunView> find(String id) {
        if (!RunFiles.isRunId(id)) {
            return Optional.empty();
        }
        return refresh(id);
    }

    /** Runs grouped by recipe, recipes by name, each recipe's runs newest first. */
    public Map<String, List<RunView>> byRecipe() {
        Map<String, List<RunView>> groups = new TreeMap<>();
        for (RunView run : all()) {
            groups.computeIfAbsent(run.recipe().orElse(UNKNOWN_RECIPE), r -> new ArrayList<>()).add(run);
        }
        return groups;
    }

    /** Every recipe (by name; {@link #UNKNOWN_RECIPE} first when there are such runs) with its newest {@code perRecipe} runs. */
    public List<RecipeRuns> newestByRecipe(int perRecipe) {
        // The overview asks this on every visit; the answer stands until a row changes.
        long generation = index.generation();
        Newest kept = newest;
        if (kept != null && kept.generation() == generation && kept.perRecipe() == perRecipe) {
            return kept.recipes();
        }
        List<RecipeRuns> recipes = new ArrayList<>();
        for (Map.Entry<String, Map.Entry<Integer, List<RunIndex.Row>>> group : index.newestByRecipe(perRecipe).entrySet()) {
            recipes.add(new RecipeRuns(group.getKey(), List.copyOf(views(group.getValue().getValue())), group.getValue().getKey()));
        }
        newest = new Newest(generation, perRecipe, List.copyOf(recipes));
        return newest.recipes();
    }

    /** Every run of the recipe whose recipe is unreadable ({@link #UNKNOWN_RECIPE}) or named, newest first. */
    public List<RunView> ofRecipe(String recipe) {
        return views(index.select("WHERE recipe = ? ORDER BY started_at DESC, id DESC", recipe));
    }

    public List<RunView> ofRecipe(String recipe, int limit) {
        return views(index.select("WHERE recipe = ? ORDER BY started_at DESC, id DESC LIMIT ?", recipe, limit));
    }

    public int countOf(String recipe) {
        return index.count("WHERE recipe = ?", recipe);
    }

    /** The recipe's newest run (what its badge shows). */
    public Optional<RunView> latest(String recipe) {
        List<RunView> runs = ofRecipe(recipe, 1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /**
     * The run the recipe's headline stands on ({@link Baseline}: its default branch's latest finished
     * run, else its newest release's), from one query over every recipe, kept until the index changes.
     */
    public Optional<RunView> baseline(String recipe) {
        long generation = index.generation();
        Baselines kept = baselines;
        if (kept == null || kept.generation() != generation) {
            Map<String, RunView> byRecipe = new java.util.HashMap<>();
            for (RunIndex.Row row : index.baselines()) {
                byRecipe.put(row.recipe(), view(row));
            }
            kept = new Baselines(generation, byRecipe);
            baselines = kept;
        }
        return Optional.ofNullable(kept.byRecipe().get(recipe));
    }

    /** The results.json files of the recipe's finished runs, newest first: what an estimate reads. */
    public List<Path> resultsFiles(String recipe) {
        return index.select("WHERE recipe = ? AND state = 'COMPLETE' ORDER BY started_at DESC, id DESC", recipe).stream()
                .map(row -> Path.of(row.directory()).resolve(RunFiles.RESULTS)).toList();
    }

    /**
     * A recipe's line in the catalogue view: its default branch's latest finished run (kind {@code main}),
     * the trend against the main run before it, and when its last scheduled (nightly) run started.
     *
     * @param trend {@code up}, {@code down} or {@code same} against the previous main run's level; empty
     *              when either has no level
     * @param flaky per rung, how many commits both passed and failed it in the recipe's last finished runs
     */
    public record CatalogueEntry(String recipe, Optional<Integer> level, Optional<String> verdict, Optional<String> runId,
            Optional<Instant> finishedAt, Optional<Integer> previousLevel, Optional<String> trend,
            Optional<Instant> lastScheduledAt, Map<Stage, Integer> flaky) {
        /** Seconds since the last scheduled run started, as of {@code now}. */
        public Optional<Long> scheduledAgeSeconds(Instant now) {
            return lastScheduledAt.map(t -> Math.max(0, Duration.between(t, now).toSeconds()));
        }
    }

    /**
     * Every recipe, worst first: main level 0 up to the top, then the recipes whose main run has no
     * level (an infrastructure error) or that have no main run yet; by name within each.
     */
    public List<CatalogueEntry> catalogue() {
        List<CatalogueEntry> entries = new ArrayList<>();
        for (RunIndex.CatalogueLine line : index.catalogue()) {
            Optional<Integer> level = Optional.ofNullable(line.level());
            Optional<Integer> previous = Optional.ofNullable(line.previousLevel());
            Optional<String> trend = level.isPresent() && previous.isPresent()
                    ? Optional.of(level.get() > previous.get() ? "up" : level.get() < previous.get() ? "down" : "same")
                    : Optional.empty();
            entries.add(new CatalogueEntry(line.recipe(), level, Optional.ofNullable(line.verdict()), Optional.ofNullable(line.runId()),
                    Optional.ofNullable(line.finishedAt()).map(Instant::ofEpochMilli), previous, trend,
                    Optional.ofNullable(line.lastScheduledAt()).map(Instant::ofEpochMilli), line.flakyCommits()));
        }
        entries.sort(java.util.Comparator.comparing((CatalogueEntry e) -> e.level().orElse(Integer.MAX_VALUE))
                .thenComparing(CatalogueEntry::recipe));
        return entries;
    }

    /** The run's index row as stored (what the index holds beyond a {@link RunView}: kind, trigger, commit, rungs). */
    Optional<RunIndex.Row> indexRow(String id) {
        return index.find(id);
    }

    // ---- keeping the index up to date ----

    /**
     * Brings one run's row up to date with its directory (the published copy first): added, changed,
     * or removed when no source has it. Publishing calls it, so a published run is on the pages at once.
     */
    public Optional<RunView> refresh(String id) {
        if (!RunFiles.isRunId(id)) {
            return Optional.empty();
        }
        synchronized (refreshing) {
            for (int s = 0; s < sources.size(); s++) {
                Path directory = sources.get(s).directory().resolve(id);
                if (Files.isDirectory(directory)) {
                    return Optional.of(indexed(directory, s, index.find(id)));
                }
            }
            if (index.find(id).isPresent()) {
                index.delete(id);
                views.remove(id);
                unwatchRun(id);
            }
            return Optional.empty();
        }
    }

    /**
     * Compares the index with the sources: new run directories are read, removed ones dropped; with
     * {@code everyRun} each indexed run's files are compared too (at start), else only runs that
     * may still change (runs in a source that may be running, started within the running window).
     */
    private void reconcile(boolean everyRun) {
        synchronized (refreshing) {
            Map<String, String[]> known = index.sourcesAndStamps();
            Set<String> seen = new HashSet<>();
            Instant now = clock.instant();
            index.inTransaction(() -> {
                for (int s = 0; s < sources.size(); s++) {
                    Source source = sources.get(s);
                    for (String id : runIds(source.directory(), known.keySet())) {
                        if (!seen.add(id)) {
                            continue; // an earlier source (the published copy) has it
                        }
                        String[] row = known.get(id);
                        Path directory = source.directory().resolve(id);
                        if (row == null || Integer.parseInt(row[0]) != s) {
                            indexed(directory, s, Optional.empty());
                            continue;
                        }
                        boolean running = row[2].equals(RunState.RUNNING.name());
                        boolean recent = source.mayBeRunning()
                                && Long.parseLong(row[3]) > now.minus(RunDirectoryReader.RUNNING_WINDOW).toEpochMilli();
                        if (everyRun || running || recent) {
                            if (running || !row[1].equals(stamps(directory))) {
                                indexed(directory, s, Optional.empty());
                            } else if (recent) {
                                watchRun(id, directory);
                            }
                        }
                    }
                }
                for (String id : known.keySet()) {
                    if (!seen.contains(id)) {
                        index.delete(id);
                        views.remove(id);
                        unwatchRun(id);
                    }
                }
            });
        }
    }

    private RunView indexed(Path directory, int source, Optional<RunIndex.Row> existing) {
        String stamps = stamps(directory);
        String id = directory.getFileName().toString();
        if (existing.isPresent() && existing.get().source() == source && existing.get().stamps().equals(stamps)
                && existing.get().state() != RunState.RUNNING) {
            return view(existing.get());
        }
        boolean mayBeRunning = sources.get(source).mayBeRunning();
        Instant now = clock.instant();
        RunView view = RunDirectoryReader.read(directory, mayBeRunning, now);
        RunIndex.Row row = row(view, source, stamps);
        index.upsert(row);
        views.put(id, new Cached(stamps, view.state(), view));
        if (mayBeRunning && (view.state() == RunState.RUNNING || view.when().isAfter(now.minus(RunDirectoryReader.RUNNING_WINDOW)))) {
            // A run that may still change is watched; what it wrote between the read and the watch is read again now.
            if (watchRun(id, directory) && !stamps(directory).equals(stamps)) {
                return indexed(directory, source, Optional.empty());
            }
        } else {
            unwatchRun(id);
        }
        return view;
    }

    private RunIndex.Row row(RunView view, int source, String stamps) {
        Optional<RunResults> results = view.recorded().map(ResultsJsonReader.Recorded::results);
        String text = null;
        Map<String, Object> raw = Map.of();
        if (view.state() == RunState.COMPLETE) {
            try {
                text = Files.readString(view.directory().resolve(RunFiles.RESULTS), StandardCharsets.UTF_8);
                Map<String, Object> map = JSON.std.mapFrom(text);
                raw = map == null ? Map.of() : map;
            } catch (IOException | RuntimeException e) {
                text = null;
            }
        }
        Optional<Integer> pr = results.flatMap(r -> r.spec().pr());
        boolean quick = results.map(r -> r.spec().quick()).orElse(false);
        // results.json's kind (contract); older runs: pr when a PR is set, quick for the quick lane, else main.
        // results.json's kind, else implied from the spec as the contract says (RunKind.implied).
        String kind = view.kind().map(RunKind::id).orElse(null);
        String trigger = raw.get("trigger") instanceof String t ? t : results.isEmpty() ? null : "manual";
        String commit = view.commit().orElse(null);
        Map<Stage, String> rungs = new LinkedHashMap<>();
        results.ifPresent(r -> {
            for (RungResult rung : r.rungs()) {
                rungs.put(rung.stage(), rung.status().id());
            }
        });
        long started = view.when().toEpochMilli();
        Long duration = results.map(RunResults::durationMillis).orElse(null);
        return new RunIndex.Row(view.id(), source, view.directory().toString(), stamps, view.state(),
                view.recipe().orElse(UNKNOWN_RECIPE), kind, trigger, results.flatMap(r -> r.spec().ref()).orElse(null),
                pr.orElse(null), results.flatMap(r -> r.spec().src()).orElse(null), commit, quick,
                view.recorded().flatMap(ResultsJsonReader.Recorded::level).orElse(null),
                view.recorded().map(ResultsJsonReader.Recorded::verdict).orElse(null), started,
                duration == null ? null : started + duration, duration, rungs, view.problem().orElse(null), view.files(), text);
    }

    private List<RunView> views(List<RunIndex.Row> rows) {
        List<RunView> list = new ArrayList<>(rows.size());
        for (RunIndex.Row row : rows) {
            list.add(view(row));
        }
        return list;
    }

    /** The run a row describes: from the cache, else built from the row (results.json's text is in it). */
    private RunView view(RunIndex.Row row) {
        Cached cached = views.get(row.id());
        if (cached != null && cached.stamps().equals(row.stamps()) && cached.state() == row.state()) {
            return cached.view();
        }
        Optional<ResultsJsonReader.Recorded> recorded = Optional.empty();
        RunState state = row.state();
        Optional<String> problem = Optional.ofNullable(row.problem());
        if (state == RunState.COMPLETE) {
            try {
                String text = row.results() != null ? row.results() : index.resultsText(row.id()).orElse("");
                recorded = Optional.of(ResultsJsonReader.read(text));
            } catch (MalformedRunException e) {
                state = RunState.MALFORMED; // it read when indexed; only a damaged index row gets here
                problem = Optional.of(e.getMessage());
            }
        }
        RunView view = new RunView(row.id(), Path.of(row.directory()), state,
                row.recipe().isEmpty() ? Optional.empty() : Optional.of(row.recipe()), recorded, problem,
                Instant.ofEpochMilli(row.startedAt()), row.files());
        views.put(row.id(), new Cached(row.stamps(), row.state(), view));
        return view;
    }

    // ---- watching the sources ----

    private void watch(Path directory) {
        try {
            if (Files.isDirectory(directory)) {
                watched.put(directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY), directory);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot watch " + directory + " for new runs (" + e.getMessage() + "); it is looked at every "
                    + BACKSTOP.toSeconds() + " s instead");
        }
    }

    /** Whether the run is watched from now on (false: it was already, or cannot be). */
    private boolean watchRun(String id, Path directory) {
        if (watchedRuns.containsKey(id) || closed) {
            return false;
        }
        try {
            WatchKey key = directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            watched.put(key, directory);
            watchedRuns.put(id, key);
            return true;
        } catch (IOException | ClosedWatchServiceException e) {
            return false; // the backstop pass looks at it
        }
    }

    private void unwatchRun(String id) {
        WatchKey key = watchedRuns.remove(id);
        if (key != null) {
            key.cancel();
            watched.remove(key);
        }
    }

    private void watchLoop() {
        Set<Path> rootsWatched = new HashSet<>(watched.values());
        while (!closed) {
            try {
                WatchKey key = watcher.poll(BACKSTOP.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) {
                    for (Source source : sources) {
                        if (!rootsWatched.contains(source.directory()) && Files.isDirectory(source.directory())) {
                            watch(source.directory());
                            rootsWatched.add(source.directory());
                        }
                    }
                    reconcile(false);
                    continue;
                }
                // A run writes its files in bursts: take what else arrives within a moment, then read each run once.
                Set<String> dirty = new HashSet<>();
                Thread.sleep(200);
                for (WatchKey k = key; k != null; k = watcher.poll()) {
                    Path directory = watched.get(k);
                    for (WatchEvent<?> event : k.pollEvents()) {
                        if (directory == null) {
                            continue;
                        }
                        if (sources.stream().anyMatch(s -> s.directory().equals(directory))) {
                            if (event.context() instanceof Path child) {
                                dirty.add(child.getFileName().toString());
                            }
                        } else {
                            dirty.add(directory.getFileName().toString());
                        }
                    }
                    k.reset();
                }
                for (String id : dirty) {
                    refresh(id);
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "run index: keeping up with the run directories failed; trying again", e);
            }
        }
    }

    // ---- files ----

    private static String stamps(Path directory) {
        StringBuilder stamps = new StringBuilder();
        for (String name : STAMPED) {
            try {
                stamps.append(Files.getLastModifiedTime(directory.resolve(name)).toMillis()).append(',');
            } catch (IOException e) {
                stamps.append("-,");
            }
        }
        return stamps.toString();
    }

    /** The run directories' names; a name the index knows is taken as a directory without asking the disk. */
    private static List<String> runIds(Path root, Set<String> known) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(root)) {
            for (Path path : list) {
                String name = path.getFileName().toString();
                if (RunFiles.isRunId(name) && (known.contains(name) || Files.isDirectory(path))) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the runs in " + root, e);
        }
        return ids;
    }

    @Override
    public void close() {
        closed = true;
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the watch", e);
        }
        watching.interrupt();
        try {
            watching.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        index.close();
        temporaryIndex.ifPresent(file -> {
            for (String suffix : List.of("", "-wal", "-shm")) {
                try {
                    Files.deleteIfExists(Path.of(file + suffix));
                } catch (IOException e) {
                    LOG.log(Level.FINE, "removing the temporary index", e);
                }
            }
        });
    }
}
