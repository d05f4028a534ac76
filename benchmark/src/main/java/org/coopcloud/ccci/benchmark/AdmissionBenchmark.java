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
import java.util.concurrent.CompletableFuture;
import org.coopcloud.ccci.harness.docker.DockerClient;

/**
 * Issue 21's measurement of admission by memory: three demo runs (demo-web, demo-static, demo-pub,
 * each its whole ladder) started at once, on the real sandbox swarm, in three variants rotated
 * round by round in this one process:
 * <ul>
 *   <li>{@code off}: {@code CCCI_ADMISSION=off}, as before admission;</li>
 *   <li>{@code on}: admission with its defaults, on this host (where three demo runs fit: what
 *       admission costs when it need not hold anyone back);</li>
 *   <li>{@code tight}: admission with a capacity for two runs' default need (1024 MiB each, a fresh
 *       peak ledger every round), so the third waits for the first to end: what holding back costs
 *       in wall time and saves in peak memory.</li>
 * </ul>
 * Per batch: the wall time until all three ended, the peak of the sum of the benchmark's containers'
 * memory, and each run's level. Markdown on stdout, progress on stderr. Argument: rounds (default 1).
 */
public final class AdmissionBenchmark {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final List<String> RECIPES = List.of("demo-web", "demo-static", "demo-pub");
    private static final List<String> VARIANTS = List.of("off", "on", "tight");

    private AdmissionBenchmark() {
    }

    record Batch(String variant, long wallMs, long peakContainerBytes, List<String> outcomes) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path root = BenchSupport.root();
        Path work = BenchSupport.prepareSwarmBenchmark(root, "ccci-admission-bench");
        DockerClient docker = DockerClient.fromEnvironment();
        Map<String, List<Batch>> results = new LinkedHashMap<>();
        VARIANTS.forEach(v -> results.put(v, new ArrayList<>()));
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < VARIANTS.size(); k++) {
                String variant = VARIANTS.get((i + k) % VARIANTS.size());
                results.get(variant).add(batch(root, work, docker, variant, "r" + (i + 1)));
            }
        }
        report(rounds, results);
        BenchSupport.deleteTree(work);
    }

    private static Batch batch(Path root, Path work, DockerClient docker, String variant, String tag) throws Exception {
        Path locks = Files.createDirectories(work.resolve("locks-" + variant + "-" + tag)); // a fresh queue and peak ledger
        BenchSupport.ContainerMemory memory = new BenchSupport.ContainerMemory(docker);
        long start = System.nanoTime();
        List<CompletableFuture<String>> runs = new ArrayList<>();
        try {
            for (String recipe : RECIPES) {
                String runId = "adm-" + variant + "-" + tag + "-" + recipe;
                Map<String, String> env = new LinkedHashMap<>(BenchSupport.harnessEnv(root, work, runId, work.resolve("abra-" + runId + ".log")));
                env.put("CCCI_APP_LOCK_DIR", locks.toString());
                switch (variant) {
                    case "off" -> env.put("CCCI_ADMISSION", "off");
                    case "tight" -> {
                        env.put("CCCI_ADMISSION_DEFAULT_MB", "1024");
                        env.put("CCCI_ADMISSION_CAPACITY_MB", "2100");
                    }
                    default -> { }
                }
                List<String> command = List.of(root.resolve("bin/ccci").toString(), "run", recipe, "--pr", "9" + RECIPES.indexOf(recipe));
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        BenchSupport.Timed timed = BenchSupport.run(command, env, work.resolve(runId + ".out"), RUN_TIMEOUT);
                        Map<String, Object> results = JSON.std.mapFrom(Files.readString(work.resolve("runs").resolve(runId).resolve("results.json")));
                        return recipe + ": exit " + timed.exit() + ", level " + results.get("level");
                    } catch (Exception e) {
                        return recipe + ": " + e.getMessage();
                    }
                }));
                Thread.sleep(200); // the order they come in, for the queue
            }
            List<String> outcomes = new ArrayList<>();
            for (CompletableFuture<String> run : runs) {
                outcomes.add(run.get());
            }
            long wall = (System.nanoTime() - start) / 1_000_000;
            memory.close();
            Batch batch = new Batch(variant, wall, memory.peakBytes(), outcomes);
            log(variant + " " + tag + ": " + seconds(wall) + ", containers' peak " + mib(batch.peakContainerBytes()) + "; " + outcomes);
            return batch;
        } finally {
            memory.close();
        }
    }

    private static void report(int rounds, Map<String, List<Batch>> results) {
        StringBuilder out = new StringBuilder();
        out.append("### Three demo runs at once, with and without admission (").append(rounds).append(" rounds, rotated)\n\n");
        out.append("| variant | walls | median wall | peak memory of the app containers (median) | outcomes (last round) |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Batch>> e : results.entrySet()) {
            List<Batch> bs = e.getValue();
            out.append(String.format("| %s | %s | %s | %s | %s |%n", e.getKey(), String.join(", ", bs.stream().map(b -> seconds(b.wallMs())).toList()),
                    seconds(median(bs, Batch::wallMs)), mib(median(bs, Batch::peakContainerBytes)), String.join("; ", bs.get(bs.size() - 1).outcomes())));
        }
        long off = median(results.get("off"), Batch::wallMs);
        out.append(String.format("%nRatios to `off` (medians): wall on %.2f, tight %.2f; peak container memory on %.2f, tight %.2f.%n",
                median(results.get("on"), Batch::wallMs) / (double) off, median(results.get("tight"), Batch::wallMs) / (double) off,
                median(results.get("on"), Batch::peakContainerBytes) / (double) Math.max(1, median(results.get("off"), Batch::peakContainerBytes)),
                median(results.get("tight"), Batch::peakContainerBytes) / (double) Math.max(1, median(results.get("off"), Batch::peakContainerBytes))));
        System.out.println(out);
    }
}
