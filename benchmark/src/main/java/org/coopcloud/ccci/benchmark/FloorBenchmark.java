package org.coopcloud.ccci.benchmark;

import static org.coopcloud.ccci.benchmark.BenchSupport.log;
import static org.coopcloud.ccci.benchmark.BenchSupport.median;
import static org.coopcloud.ccci.benchmark.BenchSupport.seconds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13's benchmark, on the real sandbox swarm: demo-web's FULL ladder (install, upgrade,
 * backup, restore, custom) done (a) by {@code bin/ccci run demo-web} and (b) by
 * {@code benchmark/src/main/sh/ladder-floor.sh}, the same abra calls typed in shell with the
 * tightest correct waits. After a warm-up pair, {@code rounds} pairs alternate which goes first;
 * each pair gives a ratio a/b, and the report is the median ratio with its range (ratios taken
 * within a pair, minutes apart at most, so a drift of the shared machine's load mostly cancels).
 * The harness calls abra through the timestamping wrapper, which gives launch to the first abra
 * call of every full run, and the lint step's share of each measured full run (its {@code lint.done}
 * event's {@code millis} over the run's wall time). Then, once each: the crash-looping PR head ({@code --ref pr-crashloop
 * --stages install}) and the slow first start ({@code --ref pr-slow-start --stages install}), with
 * their wall time and when their deploy failed or converged against the deploy timeout. Last, the full
 * ladder once more with the suite's data seed left out ({@code CCCI_DATA_CHECK=volume-markers}): the
 * time of the volume markers' steps, from the run's events, as a share of that run's wall time.
 *
 * <p>Run it with {@code java -cp ... FloorBenchmark [pairs]} (default 3; about 1.5 min a pair).
 * Everything it deploys is under the domain suffix {@code CCCI_BENCH_DOMAIN_SUFFIX} (default
 * bench.test) and is swept at the start, at the end and on Ctrl-C. Markdown on stdout, progress on
 * stderr. A measurement, never a test with a time limit.
 */
public final class FloorBenchmark {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
    /** The run id of the measured attempt of each tag. */
    private static final Map<String, String> MEASURED_RUN = new LinkedHashMap<>();
    private static final Pattern LINT_MILLIS = Pattern.compile("\"event\":\"lint\\.done\".*?\"millis\":([0-9]+)");
    private static final Pattern MARKER_MS = Pattern.compile("\"event\":\"(markers\\.[a-z]+)\".*?\"ms\":([0-9]+)");
    private static final Pattern EVENT_SECONDS = Pattern.compile("\"event\":\"(deploy\\.failed|deploy\\.done)\".*?\"seconds\":([0-9.]+)");

    private FloorBenchmark() {
    }

    record Pair(BenchSupport.Timed harness, long firstAbraMs, BenchSupport.Timed floor) {
        double ratio() {
            return (double) harness.wallMs() / floor.wallMs();
        }
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path root = BenchSupport.root();
        Path work = BenchSupport.prepareSwarmBenchmark(root, "ccci-floor-bench");
        log("work dir " + work + ", " + pairs + " pairs, load average " + loadAverage());

        harness(root, work, "warmup", List.of());
        floor(root, work, "warmup");
        List<Pair> measured = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        for (int i = 1; i <= pairs; i++) {
            loads.add(loadAverage());
            BenchSupport.Timed a;
            BenchSupport.Timed b;
            long firstAbra;
            if (i % 2 == 1) {
                long[] first = new long[1];
                a = harness(root, work, "a" + i, List.of(), first);
                firstAbra = first[0];
                b = floor(root, work, "b" + i);
            } else {
                b = floor(root, work, "b" + i);
                long[] first = new long[1];
                a = harness(root, work, "a" + i, List.of(), first);
                firstAbra = first[0];
            }
            Pair pair = new Pair(a, firstAbra, b);
            measured.add(pair);
            log(String.format("pair %d: harness %s, floor %s, a/b %.3f", i, seconds(a.wallMs()), seconds(b.wallMs()), pair.ratio()));
        }
        loads.add(loadAverage());

        long[] first = new long[1];
        BenchSupport.Timed crash = harness(root, work, "crashloop", List.of("--ref", "pr-crashloop", "--stages", "install"), first);
        BenchSupport.Timed slow = harness(root, work, "slowstart", List.of("--ref", "pr-slow-start", "--stages", "install"), first);
        // The generic data check's cost: the same full ladder with the suite's seed left out, so the
        // upgrade and restore check data by volume markers; their time from the run's own events.
        BenchSupport.Timed marked = harness(root, work, "markers", List.of(), first, Map.of("CCCI_DATA_CHECK", "volume-markers"));
        long markersMs = markersMillis(work, "markers");

        StringBuilder out = new StringBuilder();
        out.append("| pair | (a) bin/ccci run demo-web | launch to first abra call | lint step (of a) | (b) ladder-floor.sh | a/b |\n|---|---|---|---|---|---|\n");
        List<Double> lintShares = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            Pair p = measured.get(i);
            long lint = lintMillis(work, "a" + (i + 1));
            if (lint >= 0) {
                lintShares.add((double) lint / p.harness().wallMs());
            }
            out.append(String.format("| %d | %s | %d ms | %s | %s | %.3f |%n", i + 1, seconds(p.harness().wallMs()), p.firstAbraMs(),
                    lint < 0 ? "no lint.done event" : lint + " ms", seconds(p.floor().wallMs()), p.ratio()));
        }
        List<Double> ratios = measured.stream().map(Pair::ratio).sorted().toList();
        out.append(String.format("%nmedian a %s, median b %s; **a/b median %.3f (%.3f to %.3f)**; load average (1, 5, 15 min) before each pair and at the end: %s%n",
                seconds(median(measured, p -> p.harness().wallMs())), seconds(median(measured, p -> p.floor().wallMs())),
                ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1), String.join("; ", loads)));
        if (!lintShares.isEmpty()) {
            // The lint step against the whole ladder of the same run: a ratio within one run.
            out.append(String.format("%nlint step / full demo-web ladder (same run): median %.4f (%.4f to %.4f)%n",
                    lintShares.stream().sorted().toList().get(lintShares.size() / 2), lintShares.stream().min(Double::compare).get(),
                    lintShares.stream().max(Double::compare).get()));
        }
        out.append(String.format("%ncrash-looping PR head (pr-crashloop, install): exit %d, wall %s, %s%n", crash.exit(),
                seconds(crash.wallMs()), deployLine(work, "crashloop")));
        out.append(String.format("slow first start (pr-slow-start, install): exit %d, wall %s, %s%n", slow.exit(),
                seconds(slow.wallMs()), deployLine(work, "slowstart")));
        out.append(String.format("volume markers (full ladder with CCCI_DATA_CHECK=volume-markers): exit %d, wall %s; the markers'"
                + " steps %d ms in all (%s), **%.4f of the run**%n", marked.exit(), seconds(marked.wallMs()), markersMs,
                markerSteps(work, "markers"), (double) markersMs / marked.wallMs()));
        System.out.println(out);
        BenchSupport.deleteTree(work);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /** The lint step's own time ({@code lint.done}'s {@code millis}) in the measured run of this tag, or -1. */
    private static long lintMillis(Path work, String tag) throws Exception {
        Path events = work.resolve("runs").resolve(MEASURED_RUN.getOrDefault(tag, "none")).resolve("events.jsonl");
        for (String e : Files.exists(events) ? Files.readAllLines(events) : List.<String>of()) {
            Matcher m = LINT_MILLIS.matcher(e);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    private static String deployLine(Path work, String tag) throws Exception {
        Path events = work.resolve("runs").resolve(MEASURED_RUN.getOrDefault(tag, "none")).resolve("events.jsonl");
        StringBuilder line = new StringBuilder();
        for (String e : Files.exists(events) ? Files.readAllLines(events) : List.<String>of()) {
            Matcher m = EVENT_SECONDS.matcher(e);
            if (m.find()) {
                line.append(m.group(1)).append(" after ").append(m.group(2)).append(" s of the deploy (timeout 120 s)");
            }
        }
        return line.length() == 0 ? "no deploy event" : line.toString();
    }

    /** The markers' steps of a measured run, from its events ({@code markers.placed}, {@code .checked}, ...). */
    static List<String> markerEvents(List<String> eventLines) {
        List<String> steps = new ArrayList<>();
        for (String e : eventLines) {
            Matcher m = MARKER_MS.matcher(e);
            if (m.find()) {
                steps.add(m.group(1) + " " + m.group(2));
            }
        }
        return steps;
    }

    private static List<String> markerEventsOf(Path work, String tag) throws Exception {
        Path events = work.resolve("runs").resolve(MEASURED_RUN.getOrDefault(tag, "none")).resolve("events.jsonl");
        return markerEvents(Files.exists(events) ? Files.readAllLines(events) : List.of());
    }

    private static long markersMillis(Path work, String tag) throws Exception {
        return markerEventsOf(work, tag).stream().mapToLong(step -> Long.parseLong(step.substring(step.indexOf(' ') + 1))).sum();
    }

    private static String markerSteps(Path work, String tag) throws Exception {
        return markerEventsOf(work, tag).stream().map(step -> step + " ms").reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private static BenchSupport.Timed harness(Path root, Path work, String tag, List<String> args) throws Exception {
        return harness(root, work, tag, args, new long[1]);
    }

    private static BenchSupport.Timed harness(Path root, Path work, String tag, List<String> args, long[] firstAbraMs) throws Exception {
        return harness(root, work, tag, args, firstAbraMs, Map.of());
    }

    /** One harness run; {@code firstAbraMs[0]} gets launch to its first abra call. Rebuild rounds are measured again. */
    private static BenchSupport.Timed harness(Path root, Path work, String tag, List<String> args, long[] firstAbraMs,
            Map<String, String> extraEnv) throws Exception {
        for (int attempt = 1; ; attempt++) {
            String runId = "bench-" + tag + "-" + attempt;
            Path abraLog = work.resolve("abra-" + runId + ".log");
            Map<String, String> env = new LinkedHashMap<>(BenchSupport.harnessEnv(root, work, runId, abraLog));
            env.putAll(extraEnv);
            List<String> command = new ArrayList<>(List.of(root.resolve("bin/ccci").toString(), "run", "demo-web"));
            command.addAll(args);
            log("harness " + tag + ": " + String.join(" ", command.subList(1, command.size())));
            BenchSupport.Timed timed = BenchSupport.run(command, env, work.resolve(runId + ".out"), RUN_TIMEOUT);
            if (timed.rebuilt() || timed.text().contains("training the class-data sharing archive")) {
                if (attempt >= 3) {
                    throw new IllegalStateException("bin/ccci rebuilt the harness 3 times in a row: sources keep changing");
                }
                log("harness " + tag + ": bin/ccci built the harness or its CDS archive first; measuring again");
                BenchSupport.markHarnessBuilt(root);
                continue;
            }
            if (args.isEmpty() && timed.exit() != 0) {
                throw new IllegalStateException("bin/ccci run exited " + timed.exit() + ", see " + timed.output());
            }
            MEASURED_RUN.put(tag, runId);
            List<PlatformBenchmark.AbraCall> calls = PlatformBenchmark.abraCalls(abraLog);
            firstAbraMs[0] = calls.isEmpty() ? -1 : (calls.get(0).startUs() - ChronoUnit.MICROS.between(Instant.EPOCH, timed.launched())) / 1000;
            log("harness " + tag + ": " + seconds(timed.wallMs()) + " (exit " + timed.exit() + "), first abra call after " + firstAbraMs[0] + " ms");
            return timed;
        }
    }

    private static BenchSupport.Timed floor(Path root, Path work, String tag) throws Exception {
        String domain = "floor." + BenchSupport.DOMAIN_SUFFIX;
        log("floor " + tag + ": ladder-floor.sh " + domain);
        BenchSupport.Timed timed = BenchSupport.run(List.of(root.resolve("benchmark/src/main/sh/ladder-floor.sh").toString(), domain),
                Map.of("CCCI_BENCH_ABRA_REAL", root.resolve("sandbox/abra").toString()), work.resolve("floor-" + tag + ".out"), RUN_TIMEOUT);
        if (timed.exit() != 0) {
            throw new IllegalStateException("ladder-floor.sh exited " + timed.exit() + ", see " + timed.output());
        }
        log("floor " + tag + ": " + seconds(timed.wallMs()));
        return timed;
    }
}
