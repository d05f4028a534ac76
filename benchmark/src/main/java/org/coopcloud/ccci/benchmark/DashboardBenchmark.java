package org.coopcloud.ccci.benchmark;

import static org.coopcloud.ccci.benchmark.BenchSupport.log;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.coopcloud.ccci.engine.results.ResultsJson;
import org.coopcloud.ccci.engine.results.RunReport;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;
import org.coopcloud.ccci.engine.results.StepResult;

/**
 * Issue 21 item 3: the dashboard over many generated runs. A real {@code bin/ccci dashboard} process
 * reads a runs directory of {@code runs} runs of {@code recipes} recipes (results.json from the
 * engine's own writer, events.jsonl, pr-comment.md); this program asks it, round by round and in
 * turn, for a run page, the overview, a recipe page and a badge, then 40 badges at once, and reads
 * the process's resident memory. Ratios to the run page are taken within each round, so the host's
 * load (other builds) cancels out; absolute figures are printed, never asserted.
 *
 * <pre>java -cp ... DashboardBenchmark [runs=10000] [recipes=200] [rounds=20]</pre>
 */
public final class DashboardBenchmark {
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int recipes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path root = BenchSupport.root();
        Path work = Files.createTempDirectory("ccci-dashboard-bench-");
        try {
            Path runsDir = Files.createDirectories(work.resolve("runs"));
            long t0 = System.nanoTime();
            generate(runsDir, runs, recipes);
            long generateMs = (System.nanoTime() - t0) / 1_000_000;
            log("generated " + runs + " runs of " + recipes + " recipes in " + BenchSupport.seconds(generateMs));
            // Build the dashboard first (bin/ccci builds on demand), so a start below is a start only.
            new ProcessBuilder(root.resolve("bin/ccci").toString(), "dashboard", "--port", "x").redirectErrorStream(true)
                    .redirectOutput(work.resolve("build.log").toFile()).start().waitFor();

            int port = freePort();
            long coldStart = System.nanoTime();
            Process dashboard = start(root, work, runsDir, port);
            String base = "http://127.0.0.1:" + port;
            awaitUp(base, dashboard);
            long coldStartMs = (System.nanoTime() - coldStart) / 1_000_000;
            log("first start (index built from " + runs + " run directories): " + BenchSupport.seconds(coldStartMs));

            List<String> kinds = List.of("run page", "overview", "recipe page", "badge", "40 badges at once");
            Map<String, List<Long>> micros = new LinkedHashMap<>();
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            kinds.forEach(k -> {
                micros.put(k, new ArrayList<>());
                ratios.put(k, new ArrayList<>());
            });
            for (int round = -3; round < rounds; round++) { // three warm-up rounds (JIT, caches), not counted
                int recipe = Math.floorMod(round * 37, recipes);
                int run = Math.floorMod(round * 7919, runs);
                long runPage = time(base + "/runs/r" + run);
                long overview = time(base + "/");
                long recipePage = time(base + "/recipes/recipe-" + recipe);
                long badge = time(base + "/badge/recipe-" + recipe + ".svg");
                long burst = burst(base, recipes);
                if (round < 0) {
                    continue;
                }
                long[] values = {runPage, overview, recipePage, badge, burst};
                for (int i = 0; i < kinds.size(); i++) {
                    micros.get(kinds.get(i)).add(values[i]);
                    ratios.get(kinds.get(i)).add(values[i] / (double) runPage);
                }
            }
            Map<String, Long> status = status(dashboard.pid());
            dashboard.destroy();
            dashboard.waitFor();

            long warmStart = System.nanoTime();
            Process again = start(root, work, runsDir, port);
            awaitUp(base, again);
            long warmStartMs = (System.nanoTime() - warmStart) / 1_000_000;
            again.destroy();
            again.waitFor();

            System.out.println("## Dashboard over " + runs + " runs of " + recipes + " recipes (" + rounds + " rounds)");
            System.out.println();
            System.out.println("| request | median | ratio to the run page (median of per-round ratios) |");
            System.out.println("|---|---|---|");
            for (String kind : kinds) {
                System.out.printf("| %s | %.2f ms | %.2f |%n", kind, BenchSupport.median(micros.get(kind)) / 1000.0,
                        medianRatio(ratios.get(kind)));
            }
            System.out.println();
            System.out.printf("Resident memory after the rounds: %d MiB (peak %d MiB). First start, index built: %s;"
                    + " a restart over the kept index: %s. Generating the runs took %s.%n",
                    status.getOrDefault("VmRSS", 0L) / 1024, status.getOrDefault("VmHWM", 0L) / 1024,
                    BenchSupport.seconds(coldStartMs), BenchSupport.seconds(warmStartMs), BenchSupport.seconds(generateMs));
        } finally {
            BenchSupport.deleteTree(work);
        }
    }

    private static Process start(Path root, Path work, Path runsDir, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/ccci").toString(), "dashboard", "--port",
                String.valueOf(port), "--runs-dir", runsDir.toString(), "--store", work.resolve("store").toString());
        builder.environment().remove("CCCI_PUBLISH_TOKEN");
        builder.environment().remove("CCCI_PUBLISH_TOKEN_FILE");
        return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("dashboard.log").toFile()))
                .start();
    }

    private static void awaitUp(String base, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the dashboard exited with status " + process.exitValue() + " (see its log)");
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/badge/recipe-0.svg")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the dashboard did not answer within 20 min");
    }

    /** One GET's wall time in microseconds; the answer must be 200. */
    private static long time(String url) throws Exception {
        long t = System.nanoTime();
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        long micros = (System.nanoTime() - t) / 1000;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return micros;
    }

    private static long burst(String base, int recipes) {
        long t = System.nanoTime();
        List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/badge/recipe-" + (i * 5) % recipes + ".svg"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding()));
        }
        for (CompletableFuture<HttpResponse<Void>> one : all) {
            if (one.join().statusCode() != 200) {
                throw new IllegalStateException("a badge of the burst answered " + one.join().statusCode());
            }
        }
        return (System.nanoTime() - t) / 1000;
    }

    private static double medianRatio(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static Map<String, Long> status(long pid) throws IOException {
        Map<String, Long> kb = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] parts = line.split("\\s+");
            if ((parts[0].equals("VmRSS:") || parts[0].equals("VmHWM:")) && parts.length > 1) {
                kb.put(parts[0].substring(0, parts[0].length() - 1), Long.parseLong(parts[1]));
            }
        }
        return kb;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Runs as the harness leaves them (the engine's results.json writer, plus the contract's kind,
     * trigger and commit): recipe {@code i % recipes}, a minute apart, levels 0 to 4 in turn, every
     * third run a scheduled main run, the rest PR runs.
     */
    private static void generate(Path runsDir, int runs, int recipes) throws IOException {
        JSON json = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);
        for (int i = 0; i < runs; i++) {
            String recipe = "recipe-" + i % recipes;
            String id = "r" + i;
            Instant started = BASE.plusSeconds(60L * i);
            int level = i % 5;
            boolean main = i % 3 == 0;
            List<RungResult> rungs = new ArrayList<>();
            boolean failed = false;
            for (Stage stage : Stage.values()) {
                if (stage.level() <= level) {
                    rungs.add(new RungResult(stage, RungStatus.PASS, Optional.empty(), Optional.empty(), Map.of("under-test", "1.2.0+2.1"), 1500));
                } else if (!failed) {
                    failed = true;
                    rungs.add(new RungResult(stage, RungStatus.FAIL, Optional.of(stage.id() + " failed: HTTP 502"),
                            Optional.of(FailureKind.APP), Map.of("under-test", "1.2.0+2.1"), 1500));
                } else {
                    rungs.add(new RungResult(stage, RungStatus.UNVERIFIED, Optional.of("prerequisite failed"), Optional.empty(), Map.of(), 0));
                }
            }
            RunResults results = new RunResults(new RunSpec(recipe, main ? Optional.empty() : Optional.of("3f2a9c1"),
                    main ? Optional.empty() : Optional.of(i % 40 + 1), Optional.of("coop-cloud/" + recipe), EnumSet.allOf(Stage.class),
                    false), id, recipe + "-abc.ci.test", recipe + "-abc_ci_test", started, 83_000, StepResult.PASSED, rungs,
                    StepResult.PASSED, Optional.empty());
            Map<String, Object> map = new LinkedHashMap<>(ResultsJson.toMap(results));
            map.put("kind", main ? "main" : "pr");
            map.put("trigger", main ? "scheduled" : "testme");
            map.put("commit", String.format("%040x", i / 2));
            Path dir = Files.createDirectories(runsDir.resolve(id));
            Files.writeString(dir.resolve(ResultsJson.FILE_NAME), json.asString(map));
            Files.writeString(dir.resolve("events.jsonl"), "{\"ts\":\"" + started + "\",\"event\":\"run.start\",\"recipe\":\"" + recipe
                    + "\"}\n{\"ts\":\"" + started.plusSeconds(83) + "\",\"event\":\"run.done\"}\n");
            Files.writeString(dir.resolve(RunReport.PR_COMMENT_FILE), RunReport.prComment(results));
        }
    }
}
