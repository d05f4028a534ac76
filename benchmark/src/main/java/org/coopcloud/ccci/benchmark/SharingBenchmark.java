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
 * Issue 5's measurement of how install and upgrade share deploys, on the real sandbox swarm.
 *
 * <ul>
 *   <li>{@code harness}: our choice as the harness does it, {@code bin/ccci run demo-web --stages
 *       install,upgrade} (setup deploys the PR head = install; the upgrade rung tears that app down,
 *       deploys the base pinned, seeds, deploys the PR head over it);</li>
 *   <li>{@code one}: the same ONE-app sequence reproduced with the abra stand-in in shell
 *       ({@code benchmark/src/main/sh/install-upgrade.sh one});</li>
 *   <li>{@code two}: the alternative, TWO apps alive at the same time (install app and upgrade app
 *       deployed concurrently, then both torn down), reproduced the same way ({@code ... two}).</li>
 * </ul>
 *
 * <p>{@code one} and {@code two} share every step's implementation, so their ratio isolates the
 * choice. Each variant runs with a sampler of the memory of the benchmark's containers (cgroup,
 * every 250 ms, peak of the sum); harness runs also record the harness JVM's peak RSS. Then one full
 * ladder, {@code bin/ccci run demo-web}, for the JVM's peak RSS over a whole run. Variants rotate
 * round by round in this one process. Markdown on stdout, progress on stderr. Argument: the number of
 * rounds (default 2); {@code --no-full} leaves out the full ladder.
 */
public final class SharingBenchmark {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);
    private static final int ATTEMPTS = 3;
    private static final List<String> VARIANTS = List.of("harness", "one", "two");

    private SharingBenchmark() {
    }

    record Result(String variant, long wallMs, long peakContainerBytes, int peakContainers, long jvmPeakRssKb, String outcome) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 2;
        boolean full = true;
        for (String arg : args) {
            if (arg.equals("--no-full")) {
                full = false;
            } else {
                rounds = Integer.parseInt(arg);
            }
        }
        Path root = BenchSupport.root();
        Path work = BenchSupport.prepareSwarmBenchmark(root, "ccci-sharing-bench");
        DockerClient docker = DockerClient.fromEnvironment();
        log("work dir " + work + ", " + rounds + " rounds" + (full ? " and one full ladder" : ""));

        Map<String, List<Result>> results = new LinkedHashMap<>();
        VARIANTS.forEach(v -> results.put(v, new ArrayList<>()));
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < VARIANTS.size(); k++) {
                String variant = VARIANTS.get((i + k) % VARIANTS.size()); // rotate the order round by round
                results.get(variant).add(run(root, work, docker, variant, "r" + (i + 1)));
            }
        }
        Result ladder = full ? run(root, work, docker, "full", "full") : null;
        report(rounds, results, ladder);
        BenchSupport.deleteTree(work);
    }

    private static Result run(Path root, Path work, DockerClient docker, String variant, String tag) throws Exception {
        for (int attempt = 1; ; attempt++) {
            String runId = "share-" + variant + "-" + tag + "-" + attempt;
            List<String> command;
            Map<String, String> env = BenchSupport.harnessEnv(root, work, runId, work.resolve("abra-" + runId + ".log"));
            String sh = root.resolve("benchmark/src/main/sh/install-upgrade.sh").toString();
            switch (variant) {
                case "harness" -> command = List.of(root.resolve("bin/ccci").toString(), "run", "demo-web", "--stages", "install,upgrade");
                case "full" -> command = List.of(root.resolve("bin/ccci").toString(), "run", "demo-web");
                case "one" -> {
                    command = List.of(sh, "one", "share-one." + BenchSupport.DOMAIN_SUFFIX);
                    env = Map.of("CCCI_BENCH_ABRA_REAL", root.resolve("sandbox/abra").toString());
                }
                case "two" -> {
                    command = List.of(sh, "two", "share-install." + BenchSupport.DOMAIN_SUFFIX, "share-upgrade." + BenchSupport.DOMAIN_SUFFIX);
                    env = Map.of("CCCI_BENCH_ABRA_REAL", root.resolve("sandbox/abra").toString());
                }
                default -> throw new IllegalArgumentException(variant);
            }
            log(variant + " " + tag + ": " + String.join(" ", command.subList(1, command.size())));
            BenchSupport.Measured measured = BenchSupport.measure(docker, variant, command, env, work.resolve(runId + ".out"),
                    RUN_TIMEOUT);
            BenchSupport.Timed timed = measured.timed();
            boolean harness = variant.equals("harness") || variant.equals("full");
            if (harness && timed.rebuilt()) {
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("bin/ccci rebuilt the harness " + ATTEMPTS + " times in a row: sources keep changing");
                }
                log(variant + " " + tag + ": bin/ccci rebuilt the harness first (a source changed); measuring again");
                BenchSupport.markHarnessBuilt(root);
                continue;
            }
            String outcome = "ok";
            if (harness) {
                Map<String, Object> results = JSON.std.mapFrom(Files.readString(work.resolve("runs").resolve(runId).resolve("results.json")));
                outcome = "level " + results.get("level") + ", " + results.get("verdict");
            }
            Result result = new Result(variant, timed.wallMs(), measured.peakContainerBytes(), measured.peakContainers(), timed.jvmPeakRssKb(), outcome);
            log(variant + " " + tag + ": " + seconds(result.wallMs()) + ", containers' peak " + mib(result.peakContainerBytes()) + " ("
                    + result.peakContainers() + " containers)" + (harness ? ", JVM peak RSS " + result.jvmPeakRssKb() / 1024 + " MiB, " + outcome : ""));
            return result;
        }
    }

    private static void report(int rounds, Map<String, List<Result>> results, Result ladder) {
        StringBuilder out = new StringBuilder();
        out.append("### Install and upgrade: one app in sequence vs two apps at once (").append(rounds).append(" rounds, rotated)\n\n");
        out.append("| variant | walls | median wall | peak memory of the app containers (median) | containers at peak | harness JVM peak RSS |\n");
        out.append("|---|---|---|---|---|---|\n");
        Map<String, String> names = Map.of(
                "harness", "our choice, by the harness: `bin/ccci run demo-web --stages install,upgrade`",
                "one", "our choice (one app in sequence), stand-in in shell",
                "two", "the alternative (two apps alive at once), stand-in in shell");
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            List<Result> rs = e.getValue();
            out.append(String.format("| %s | %s | %s | %s | %d | %s |%n", names.get(e.getKey()),
                    String.join(", ", rs.stream().map(r -> seconds(r.wallMs())).toList()),
                    seconds(median(rs, Result::wallMs)), mib(median(rs, Result::peakContainerBytes)),
                    rs.stream().mapToInt(Result::peakContainers).max().orElse(0),
                    e.getKey().equals("harness") ? median(rs, Result::jvmPeakRssKb) / 1024 + " MiB" : ""));
        }
        List<Result> one = results.get("one");
        List<Result> two = results.get("two");
        out.append(String.format("%nRatios two/one (medians): wall %.2f, peak container memory %.2f.%n",
                median(two, Result::wallMs) / (double) median(one, Result::wallMs),
                median(two, Result::peakContainerBytes) / (double) Math.max(1, median(one, Result::peakContainerBytes))));
        if (ladder != null) {
            out.append(String.format("%nFull ladder, `bin/ccci run demo-web`: %s (%s); harness JVM peak RSS %d MiB; app containers' peak %s.%n",
                    seconds(ladder.wallMs()), ladder.outcome(), ladder.jvmPeakRssKb() / 1024, mib(ladder.peakContainerBytes())));
        }
        out.append(String.format("%nJVM %s, %d CPUs seen by the JVM, %d MiB max heap by default.%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        System.out.println(out);
    }
}
