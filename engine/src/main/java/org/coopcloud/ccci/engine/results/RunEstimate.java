package org.coopcloud.ccci.engine.results;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of a recipe is expected to take: the median duration of the earlier runs of the same
 * recipe with the same stages and quick-ness that passed, read from their results.json (the newest {@value #MAX_RUNS} only, so a long-lived runs directory costs no more). Failed runs
 * are left out: a crash loop that fails in seconds says nothing about how long a good run takes.
 *
 * @param median the median of their {@code duration_ms}
 * @param runs   how many runs it is the median of
 */
public record RunEstimate(Duration median, int runs) {
    static final int MAX_RUNS = 50;

    /** Empty when no comparable run exists (a recipe's first run) or the directory is unreadable. */
    public static Optional<RunEstimate> fromEarlierRuns(Path runsDirectory, String recipe, List<String> stages, boolean quick,
            String excludeRunId) {
        List<Path> results = new ArrayList<>();
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(runsDirectory)) {
            for (Path run : runs) {
                if (!run.getFileName().toString().equals(excludeRunId)) {
                    results.add(run.resolve(ResultsJson.FILE_NAME));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return fromResults(results, recipe, stages, quick);
    }

    /**
     * The same rule over results.json files gathered elsewhere (the dashboard's runs, from more than
     * one directory); files that are missing or unreadable are left out.
     */
    public static Optional<RunEstimate> fromResults(List<Path> resultsFiles, String recipe, List<String> stages, boolean quick) {
        List<Path> results = new ArrayList<>(resultsFiles.stream().filter(Files::isRegularFile).toList());
        results.sort(Comparator.comparing(RunEstimate::modified).reversed());
        List<Long> durations = new ArrayList<>();
        for (Path file : results.subList(0, Math.min(MAX_RUNS, results.size()))) {
            try {
                Map<String, Object> run = JSON.std.mapFrom(Files.readString(file));
                // A quick run skips the slow rungs: it says nothing about a full run's time, nor the reverse.
                if (recipe.equals(run.get("recipe")) && stages.equals(run.get("stages"))
                        && quick == Boolean.TRUE.equals(run.get("quick"))
                        && Verdict.PASSED.id().equals(run.get("verdict")) && run.get("duration_ms") instanceof Number ms) {
                    durations.add(ms.longValue());
                }
            } catch (IOException | RuntimeException unreadable) {
                // a run still writing, or from an older schema: not comparable
            }
        }
        if (durations.isEmpty()) {
            return Optional.empty();
        }
        durations.sort(Long::compare);
        int n = durations.size();
        long median = n % 2 == 1 ? durations.get(n / 2) : (durations.get(n / 2 - 1) + durations.get(n / 2)) / 2;
        return Optional.of(new RunEstimate(Duration.ofMillis(median), n));
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
