package org.coopcloud.ccci.dashboard.runs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;

/**
 * How often one commit got different verdicts on a rung, over a recipe's last N finished runs: a
 * commit that passed a rung in one run and failed it in another is flaky on that rung (the code did
 * not change; the outcome did). Rungs that did not run (skip, unverified) say nothing either way.
 *
 * @param runs  how many finished runs with a known commit were looked at
 * @param rungs one row per rung, down the ladder
 */
public record FlakeLedger(int runs, List<Row> rungs) {
    public static final int DEFAULT_RUNS = 50;

    /**
     * @param repeated      commits that ran this rung (pass or fail) more than once
     * @param flaky         of those, the commits that both passed and failed it
     * @param flakyCommits  those commits, newest first
     */
    public record Row(Stage stage, int repeated, int flaky, List<String> flakyCommits) {
        public Row {
            flakyCommits = List.copyOf(flakyCommits);
        }
    }

    public FlakeLedger {
        rungs = List.copyOf(rungs);
    }

    /** @param runsNewestFirst one recipe's runs, newest first; the newest {@code n} finished ones with a commit count */
    public static FlakeLedger of(List<RunView> runsNewestFirst, int n) {
        Map<Stage, Map<String, Set<RungStatus>>> seen = new EnumMap<>(Stage.class);
        Map<Stage, Map<String, Integer>> times = new EnumMap<>(Stage.class);
        int counted = 0;
        for (RunView run : runsNewestFirst) {
            if (counted == n) {
                break;
            }
            if (run.recorded().isEmpty() || run.commit().isEmpty()) {
                continue;
            }
            counted++;
            String commit = run.commit().get();
            for (RungResult rung : run.recorded().get().results().rungs()) {
                if (rung.status() == RungStatus.PASS || rung.status() == RungStatus.FAIL) {
                    seen.computeIfAbsent(rung.stage(), s -> new LinkedHashMap<>())
                            .computeIfAbsent(commit, c -> EnumSet.noneOf(RungStatus.class)).add(rung.status());
                    times.computeIfAbsent(rung.stage(), s -> new LinkedHashMap<>()).merge(commit, 1, Integer::sum);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            Map<String, Set<RungStatus>> byCommit = seen.getOrDefault(stage, Map.of());
            Map<String, Integer> count = times.getOrDefault(stage, Map.of());
            int repeated = (int) count.values().stream().filter(c -> c > 1).count();
            List<String> flaky = byCommit.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
            rows.add(new Row(stage, repeated, flaky.size(), flaky));
        }
        return new FlakeLedger(counted, rows);
    }

    /** Whether this commit got different verdicts on this rung. */
    public boolean isFlaky(String commit, Stage stage) {
        return rungs.stream().anyMatch(row -> row.stage() == stage && row.flakyCommits().contains(commit));
    }

    public boolean any() {
        return rungs.stream().anyMatch(row -> row.flaky() > 0);
    }
}
