package org.coopcloud.ccci.benchmark;

import static org.coopcloud.ccci.benchmark.BenchSupport.log;
import static org.coopcloud.ccci.benchmark.BenchSupport.median;
import static org.coopcloud.ccci.benchmark.BenchSupport.seconds;

import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * Issue 4's platform benchmark, on the real sandbox swarm: demo-web's install, check and teardown
 * done (a) by {@code bin/ccci run demo-web --stages install} and (b) by a plain shell sequence of
 * the same docker operations ({@code benchmark/src/main/sh/raw-install.sh}), alternated round by
 * round in this one process, with each time, the medians and the ratio a/b. Each harness run calls
 * abra through a wrapper that timestamps every call, which gives the time from launching
 * {@code bin/ccci} to its first abra call; one more, instrumented run (class-load log of both JVMs)
 * splits that time into its parts. Prints Markdown for docs/performance.md on stdout, progress on
 * stderr.
 *
 * <p>Run it (one benchmark at a time; minutes): see docs/performance.md. Optional argument: the
 * number of rounds (default 3). Everything it deploys is under the domain suffix bench.test and is
 * swept at the end, also after a failure or Ctrl-C. A measurement, never a test with a time limit.
 */
public final class PlatformBenchmark {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final int ATTEMPTS = 3; // a round during which bin/ccci rebuilt the harness is measured again
    private static final String RAW_DOMAIN = "rawshell." + BenchSupport.DOMAIN_SUFFIX;
    private static final Pattern EVENT = Pattern.compile("\"ts\":\"([^\"]+)\",\"event\":\"([^\"]+)\"");
    private static final Pattern PHASE = Pattern.compile("^phase (\\S+) (\\d+)$", Pattern.MULTILINE);
    private static final Pattern CLASS_LOAD = Pattern.compile("^\\[(\\d+)ms\\]\\[(\\d+)ms\\] (\\S+)");

    private PlatformBenchmark() {
    }

    /** One abra call as the wrapper saw it: microseconds since the epoch. */
    record AbraCall(String args, long startUs, long endUs) {
        long ms() {
            return (endUs - startUs) / 1000;
        }
    }

    /** One harness round: wall time, launch to first abra call, the run's events and abra calls. */
    record HarnessRound(BenchSupport.Timed timed, long firstAbraMs, Map<String, Long> eventMs, List<AbraCall> calls) {
        long event(String name) {
            return eventMs.getOrDefault(name, -1L);
        }
    }

    record RawRound(BenchSupport.Timed timed, Map<String, Long> phases) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path root = BenchSupport.root();
        Path work = BenchSupport.prepareSwarmBenchmark(root, "ccci-platform-bench");
        log("work dir " + work + ", " + rounds + " rounds");

        // Warm-up, not counted: builds the harness if a source changed, fills the page cache and docker's.
        harness(root, work, "warmup", Map.of());
        raw(root, work, "warmup");

        List<HarnessRound> harness = new ArrayList<>();
        List<RawRound> raw = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            // Alternate which goes first, so a drift of the machine's load hits both alike.
            if (i % 2 == 1) {
                harness.add(harness(root, work, "a" + i, Map.of()));
                raw.add(raw(root, work, "b" + i));
            } else {
                raw.add(raw(root, work, "b" + i));
                harness.add(harness(root, work, "a" + i, Map.of()));
            }
        }
        // One more harness run, instrumented: class-load log of both JVMs (InputCheck, console launcher).
        String xlog = "-Xlog:class+load=info:file=" + work.resolve("classload-%p.log") + ":timemillis,uptimemillis";
        HarnessRound split = harness(root, work, "split", Map.of("JAVA_TOOL_OPTIONS", xlog));
        List<Long> findMs = timesOf(5, () -> BenchSupport.run(List.of("bash", "-c", FIND_CHECK, "find", root.toString()),
                Map.of(), work.resolve("find.out"), RUN_TIMEOUT).wallMs());
        List<Long> inputCheckMs = timesOf(5, () -> BenchSupport.run(List.of("java", "-cp", harnessClasspath(root),
                "org.coopcloud.ccci.engine.config.InputCheck"), Map.of("RECIPE", "demo-web", "STAGES", "install"),
                work.resolve("inputcheck.out"), RUN_TIMEOUT).wallMs());

        report(rounds, harness, raw, split, splitParts(work, split), findMs, inputCheckMs);
        BenchSupport.deleteTree(work);
    }

    /** bin/ccci's "is the harness built" check, the same find command. */
    private static final String FIND_CHECK = "ROOT=$1; find \"$ROOT\" -path \"$ROOT/*/target\" -prune -o \\( -name pom.xml -o -path '*/src/main/*' \\)"
            + " -newer \"$ROOT/recipe-suites/target/ccci.classpath\" -print -quit >/dev/null";

    private interface Measure {
        long ms() throws Exception;
    }

    private static List<Long> timesOf(int n, Measure measure) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            times.add(measure.ms());
        }
        return times;
    }

    private static String harnessClasspath(Path root) throws IOException {
        return root.resolve("recipe-suites/target/classes") + ":" + Files.readString(root.resolve("recipe-suites/target/ccci.classpath")).strip();
    }

    private static HarnessRound harness(Path root, Path work, String tag, Map<String, String> extraEnv) throws Exception {
        for (int attempt = 1; ; attempt++) {
            String runId = "bench-" + tag + "-" + attempt;
            Path abraLog = work.resolve("abra-" + runId + ".log");
            Map<String, String> env = new LinkedHashMap<>(BenchSupport.harnessEnv(root, work, runId, abraLog));
            env.putAll(extraEnv);
            log("harness " + tag + ": bin/ccci run demo-web --stages install");
            BenchSupport.Timed timed = BenchSupport.run(List.of(root.resolve("bin/ccci").toString(), "run", "demo-web", "--stages", "install"),
                    env, work.resolve(runId + ".out"), RUN_TIMEOUT);
            if (timed.exit() != 0) {
                throw new IllegalStateException("bin/ccci run exited " + timed.exit() + ":\n" + tail(timed.text()));
            }
            if (timed.rebuilt()) {
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("bin/ccci rebuilt the harness in " + ATTEMPTS + " attempts in a row: sources keep changing");
                }
                log("harness " + tag + ": bin/ccci rebuilt the harness first (a source changed); measuring again");
                BenchSupport.markHarnessBuilt(root);
                continue;
            }
            List<AbraCall> calls = abraCalls(abraLog);
            if (calls.isEmpty()) {
                throw new IllegalStateException("the abra wrapper recorded no call in " + abraLog);
            }
            long launchUs = ChronoUnit.MICROS.between(Instant.EPOCH, timed.launched());
            Map<String, Long> events = new LinkedHashMap<>();
            for (String line : Files.readAllLines(work.resolve("runs").resolve(runId).resolve("events.jsonl"))) {
                Matcher m = EVENT.matcher(line);
                if (m.find()) {
                    events.putIfAbsent(m.group(2), Duration.between(timed.launched(), Instant.parse(m.group(1))).toMillis());
                }
            }
            HarnessRound round = new HarnessRound(timed, (calls.get(0).startUs() - launchUs) / 1000, events, calls);
            log("harness " + tag + ": " + seconds(timed.wallMs()) + ", first abra call after " + round.firstAbraMs()
                    + " ms, JVM peak RSS " + timed.jvmPeakRssKb() / 1024 + " MiB");
            return round;
        }
    }

    private static RawRound raw(Path root, Path work, String tag) throws Exception {
        log("raw shell " + tag + ": raw-install.sh " + RAW_DOMAIN);
        BenchSupport.Timed timed = BenchSupport.run(List.of(root.resolve("benchmark/src/main/sh/raw-install.sh").toString(), RAW_DOMAIN),
                Map.of(), work.resolve("raw-" + tag + ".out"), RUN_TIMEOUT);
        if (timed.exit() != 0) {
            throw new IllegalStateException("raw-install.sh exited " + timed.exit() + ":\n" + tail(timed.text()));
        }
        Map<String, Long> phases = new LinkedHashMap<>();
        Matcher m = PHASE.matcher(timed.text());
        while (m.find()) {
            phases.put(m.group(1), Long.parseLong(m.group(2)));
        }
        log("raw shell " + tag + ": " + seconds(timed.wallMs()) + " " + phases);
        return new RawRound(timed, phases);
    }

    static List<AbraCall> abraCalls(Path log) throws IOException {
        List<AbraCall> calls = new ArrayList<>();
        if (!Files.exists(log)) {
            return calls;
        }
        Map<String, String[]> open = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ", 4);
            if (f.length >= 3 && f[0].equals("start")) {
                open.put(f[2], new String[] {f.length > 3 ? f[3] : "", f[1]});
            } else if (f.length >= 3 && f[0].equals("end") && open.containsKey(f[2])) {
                String[] s = open.remove(f[2]);
                calls.add(new AbraCall(s[0], Long.parseLong(s[1]), Long.parseLong(f[1])));
            }
        }
        calls.sort((x, y) -> Long.compare(x.startUs(), y.startUs()));
        return calls;
    }

    /** The split of launch to first abra call, from the instrumented run's class-load logs and events. */
    static Map<String, Long> splitParts(Path work, HarnessRound split) throws IOException {
        long launchMs = split.timed().launched().toEpochMilli();
        Long inputCheckStart = null;
        Long consoleStart = null;
        Long launcherMain = null;
        Long engineLoaded = null;
        List<Path> logs;
        try (Stream<Path> files = Files.list(work)) {
            logs = files.filter(p -> p.getFileName().toString().startsWith("classload-")).toList();
        }
        for (Path file : logs) {
            long created = Long.MAX_VALUE;
            Long main = null;
            Long engine = null;
            boolean console = false;
            for (String line : Files.readAllLines(file)) {
                Matcher m = CLASS_LOAD.matcher(line);
                if (!m.find()) {
                    continue;
                }
                long wall = Long.parseLong(m.group(1));
                created = Math.min(created, wall - Long.parseLong(m.group(2)));
                String cls = m.group(3);
                if (cls.equals("org.junit.platform.console.ConsoleLauncher") && main == null) {
                    main = wall;
                    console = true;
                }
                if (cls.equals("org.coopcloud.ccci.engine.CcciTestEngine") && engine == null) {
                    engine = wall;
                }
            }
            if (console) {
                consoleStart = created;
                launcherMain = main;
                engineLoaded = engine;
            } else if (created != Long.MAX_VALUE) {
                inputCheckStart = created;
            }
        }
        Map<String, Long> parts = new LinkedHashMap<>();
        if (inputCheckStart == null || consoleStart == null || launcherMain == null || engineLoaded == null) {
            log("class-load logs incomplete (" + logs + "): no split");
            return parts;
        }
        long runStart = launchMs + split.event("run.start");
        long firstAbra = launchMs + split.firstAbraMs();
        parts.put("bin/ccci up to the InputCheck JVM (bash, the classpath-built check)", inputCheckStart - launchMs);
        parts.put("InputCheck JVM (start, check, exit) up to the console launcher's JVM", consoleStart - inputCheckStart);
        parts.put("console launcher JVM start, up to ConsoleLauncher's main class", launcherMain - consoleStart);
        parts.put("launcher set-up up to loading the cc-ci engine", engineLoaded - launcherMain);
        parts.put("engine discovery and plan, up to run.start", runStart - engineLoaded);
        parts.put("extensions up to the platform (lifetime guards, workspace, platform), up to the first abra call", firstAbra - runStart);
        return parts;
    }

    private static void report(int rounds, List<HarnessRound> harness, List<RawRound> raw, HarnessRound split,
            Map<String, Long> parts, List<Long> findMs, List<Long> inputCheckMs) {
        StringBuilder out = new StringBuilder();
        out.append("### Install, check, teardown: bin/ccci vs a plain shell sequence (").append(rounds).append(" rounds, alternated)\n\n");
        out.append("| round | (a) bin/ccci run --stages install | launch to first abra call | harness JVM peak RSS | (b) raw shell | a/b |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (int i = 0; i < rounds; i++) {
            HarnessRound a = harness.get(i);
            RawRound b = raw.get(i);
            out.append(String.format("| %d | %s | %d ms | %d MiB | %s | %.2f |%n", i + 1, seconds(a.timed().wallMs()), a.firstAbraMs(),
                    a.timed().jvmPeakRssKb() / 1024, seconds(b.timed().wallMs()), a.timed().wallMs() / (double) b.timed().wallMs()));
        }
        long medA = median(harness, r -> r.timed().wallMs());
        long medB = median(raw, r -> r.timed().wallMs());
        out.append(String.format("| **median** | **%s** | **%d ms** | **%d MiB** | **%s** | **%.2f** |%n%n", seconds(medA),
                median(harness, HarnessRound::firstAbraMs), median(harness, r -> r.timed().jvmPeakRssKb()) / 1024, seconds(medB),
                medA / (double) medB));

        out.append("Where the harness's time goes (median ms over the rounds, from launch; events from events.jsonl):\n\n");
        out.append("| part | (a) harness | (b) raw shell |\n|---|---|---|\n");
        row(out, "launch to the first abra call (bash, two JVMs, discovery, extensions)", median(harness, HarnessRound::firstAbraMs), null);
        row(out, "first abra call to deploy.start (recipe fetch, janitor, lock, app new + secret)",
                median(harness, r -> r.event("deploy.start") - r.firstAbraMs()),
                median(raw, r -> r.phases().getOrDefault("checkout-and-env", 0L) + r.phases().getOrDefault("secret", 0L)));
        row(out, "abra app deploy (stand-in) / docker stack deploy", median(harness, r -> callMs(r, "app deploy")),
                median(raw, r -> r.phases().getOrDefault("stack-deploy", 0L)));
        row(out, "convergence (2 s quiet period) and health / N/N poll and health",
                median(harness, r -> r.event("deploy.done") - r.event("deploy.start") - callMs(r, "app deploy")),
                median(raw, r -> r.phases().getOrDefault("converge", 0L) + r.phases().getOrDefault("health", 0L)));
        row(out, "install tier checks", median(harness, r -> r.event("teardown.start") - r.event("deploy.done")), null);
        row(out, "teardown (total)", median(harness, r -> r.event("teardown.done") - r.event("teardown.start")),
                median(raw, r -> r.phases().getOrDefault("teardown", 0L)));
        row(out, "  of which abra app undeploy (stack rm + waiting for containers and networks)", median(harness, r -> callMs(r, "app undeploy")), null);
        row(out, "  of which abra app remove (volumes, secret, .env)", median(harness, r -> callMs(r, "app remove")), null);
        row(out, "teardown.done to exit (results, reports, JVM exit)", median(harness, r -> r.timed().wallMs() - r.event("teardown.done")), null);
        out.append("\nabra calls of round 1 (start after launch, duration):\n\n| abra call | start | duration |\n|---|---|---|\n");
        HarnessRound first = harness.get(0);
        long launchUs = ChronoUnit.MICROS.between(Instant.EPOCH, first.timed().launched());
        for (AbraCall call : first.calls()) {
            out.append(String.format("| `abra %s` | %d ms | %d ms |%n", call.args().replaceAll("\\s+", " ").strip(),
                    (call.startUs() - launchUs) / 1000, call.ms()));
        }

        out.append("\nLaunch to the first abra call, split (one extra run with a class-load log in both JVMs, which slows them a little: ")
                .append(split.firstAbraMs()).append(" ms in that run):\n\n| part | ms |\n|---|---|\n");
        parts.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        out.append(String.format("%nMeasured alone (median of 5): the classpath-built check (`find`) %d ms; the InputCheck JVM %d ms.%n",
                median(findMs), median(inputCheckMs)));
        out.append(String.format("%nJVM %s, %d CPUs seen by the JVM.%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        System.out.println(out);
    }

    private static void row(StringBuilder out, String part, long a, Long b) {
        out.append("| ").append(part).append(" | ").append(a).append(" | ").append(b == null ? "" : b.toString()).append(" |\n");
    }

    /** Total ms of the abra calls whose arguments start with {@code prefix}. */
    private static long callMs(HarnessRound round, String prefix) {
        return round.calls().stream().filter(c -> c.args().startsWith(prefix)).mapToLong(AbraCall::ms).sum();
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
