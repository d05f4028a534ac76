package org.coopcloud.ccci.benchmark;

import static org.coopcloud.ccci.benchmark.BenchSupport.log;
import static org.coopcloud.ccci.benchmark.BenchSupport.median;
import static org.coopcloud.ccci.benchmark.BenchSupport.mib;
import static org.coopcloud.ccci.benchmark.BenchSupport.seconds;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.harness.docker.DockerClient;

/**
 * Issue 10's measurement: the full ladder of a recipe with a real database ({@code bin/ccci run
 * demo-pg}) against the busybox one ({@code bin/ccci run demo-web}), alternated round by round in
 * this one process: wall time, the peak memory of the app's containers (cgroup, every 250 ms, peak
 * of the sum) and the harness JVM's peak RSS. Markdown on stdout, progress on stderr. Argument: the
 * number of rounds (default 2).
 */
public final class LadderBenchmark {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final int ATTEMPTS = 3;
    private static final List<String> RECIPES = List.of("demo-pg", "demo-web");

    private LadderBenchmark() {
    }

    record Result(String recipe, long wallMs, long peakContainerBytes, int peakContainers, long jvmPeakRssKb, String outcome) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Path root = BenchSupport.root();
        BenchSupport.sandboxUp(root);
        DockerClient docker = DockerClient.fromEnvironment();
        BenchSupport.sweepNowAndOnExit(docker);
        Path work = Files.createTempDirectory("ccci-ladder-bench");
        Files.createDirectories(work.resolve("runs"));
        Files.createDirectories(work.resolve("locks"));
        log("work dir " + work + ", " + rounds + " rounds of " + RECIPES);
        Map<String, List<Result>> results = new LinkedHashMap<>();
        RECIPES.forEach(r -> results.put(r, new ArrayList<>()));
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < RECIPES.size(); k++) {
                String recipe = RECIPES.get((i + k) % RECIPES.size()); // rotate the order round by round
                results.get(recipe).add(run(root, work, docker, recipe, "r" + (i + 1)));
            }
        }
        report(results);
        BenchSupport.deleteTree(work);
    }

    private static Result run(Path root, Path work, DockerClient docker, String recipe, String tag) throws Exception {
        for (int attempt = 1; ; attempt++) {
            String runId = "ladder-" + recipe + "-" + tag + "-" + attempt;
            Map<String, String> env = BenchSupport.harnessEnv(root, work, runId, work.resolve("abra-" + runId + ".log"));
            List<String> command = List.of(root.resolve("bin/ccci").toString(), "run", recipe);
            log(recipe + " " + tag + ": bin/ccci run " + recipe);
            BenchSupport.Measured measured = BenchSupport.measure(docker, recipe, command, env, work.resolve(runId + ".out"),
                    RUN_TIMEOUT);
            BenchSupport.Timed timed = measured.timed();
            if (timed.rebuilt()) {
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("bin/ccci rebuilt the harness " + ATTEMPTS + " times in a row: sources keep changing");
                }
                BenchSupport.markHarnessBuilt(root);
                continue;
            }
            Map<String, Object> res = JSON.std.mapFrom(Files.readString(work.resolve("runs").resolve(runId).resolve("results.json")));
            Result result = new Result(recipe, timed.wallMs(), measured.peakContainerBytes(), measured.peakContainers(), timed.jvmPeakRssKb(),
                    "level " + res.get("level") + ", " + res.get("verdict"));
            log(recipe + " " + tag + ": " + seconds(result.wallMs()) + ", containers' peak " + mib(result.peakContainerBytes())
                    + " (" + result.peakContainers() + " containers), JVM peak RSS " + result.jvmPeakRssKb() / 1024 + " MiB, "
                    + result.outcome());
            return result;
        }
    }

    private static void report(Map<String, List<Result>> results) {
        StringBuilder out = new StringBuilder("| recipe | wall, each round | median wall | app containers' peak, each round | JVM peak RSS, each round | outcome |\n|---|---|---|---|---|---|\n");
        for (var e : results.entrySet()) {
            List<Result> rs = e.getValue();
            out.append("| `").append(e.getKey()).append("` | ")
                    .append(String.join(", ", rs.stream().map(r -> seconds(r.wallMs())).toList())).append(" | ")
                    .append(seconds(median(rs, Result::wallMs))).append(" | ")
                    .append(String.join(", ", rs.stream().map(r -> mib(r.peakContainerBytes())).toList())).append(" | ")
                    .append(String.join(", ", rs.stream().map(r -> r.jvmPeakRssKb() / 1024 + " MiB").toList())).append(" | ")
                    .append(String.join("; ", rs.stream().map(Result::outcome).distinct().toList())).append(" |\n");
        }
        long pg = median(results.get("demo-pg"), Result::wallMs);
        long web = median(results.get("demo-web"), Result::wallMs);
        out.append(String.format("%nWall time ratio demo-pg / demo-web (medians, this run): %.2f%n", (double) pg / web));
        System.out.print(out);
    }
}
