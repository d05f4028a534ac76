package org.coopcloud.ccci.benchmark;

import static org.coopcloud.ccci.benchmark.BenchSupport.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 13: launch to the first abra call, for each way of starting the harness, alternated round
 * by round in one process. The abra it calls is a stub that records when it was called and fails,
 * so a run ends right after its first abra call (an infrastructure error: nothing is deployed) and
 * a round takes 1 to 3 s.
 *
 * <p>Variants: the two JVMs of before (InputCheck, then the JUnit console launcher, over
 * target/classes), and the one JVM of {@code bin/ccci run} (RunCommand) with each measured flag
 * added in turn: C1 only, the serial GC, the class-data sharing archive, the jnr warm-up thread,
 * the JUnit launcher without its flight-recorder listeners.
 * The last one is bin/ccci's default. Run with {@code java -cp ... LaunchBenchmark [rounds]}
 * (default 7).
 */
public final class LaunchBenchmark {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final String C1 = "-XX:TieredStopAtLevel=1";
    private static final String SERIAL = "-XX:+UseSerialGC";
    private static final String NO_WARMUP = "-Dccci.native.warmup=false";
    private static final String JFR = "-Dccci.launcher.jfr=true";

    private LaunchBenchmark() {
    }

    /** One way to start: a bash command line run from the repository root, and extra env. */
    record Variant(String name, String script, Map<String, String> env) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path root = BenchSupport.root();
        Path work = Files.createTempDirectory("ccci-launch-bench");
        Path stub = work.resolve("stub-abra.sh");
        Files.writeString(stub, "#!/usr/bin/env bash\nprintf '%s\\n' \"${EPOCHREALTIME/./}\" >> \"$STUB_LOG\"\n"
                + "echo 'launch benchmark: stub abra, no real call' >&2\nexit 1\n");
        stub.toFile().setExecutable(true);

        String bin = root.resolve("bin/ccci") + " run demo-web --stages install";
        String classesCp = root.resolve("recipe-suites/target/classes") + ":$(cat " + root.resolve("recipe-suites/target/ccci.classpath") + ")";
        String twoJvms = "export CCCI_EXPECTED_PPID=$PPID; java -cp \"" + classesCp + "\" org.coopcloud.ccci.engine.config.InputCheck || exit 2; "
                + "exec java -Djava.util.logging.SimpleFormatter.format='%4$s: %5$s%6$s%n' -jar "
                + root.resolve("recipe-suites/target/console/junit-platform-console-standalone.jar")
                + " execute --class-path \"" + classesCp + "\" --include-engine cc-ci --select recipe:demo-web"
                + " --config ccci.run.id=$CCCI_RUN_ID --config junit.platform.reporting.open.xml.enabled=true"
                + " --reports-dir $CCCI_RUNS_DIR/$CCCI_RUN_ID/reports --disable-banner --details tree";
        List<Variant> variants = List.of(
                new Variant("before: two JVMs (InputCheck, console launcher)", twoJvms, Map.of()),
                new Variant("one JVM, no flags", bin, Map.of("CCCI_JVM_FLAGS", NO_WARMUP + " " + JFR, "CCCI_CDS", "0")),
                new Variant("+ C1 only", bin, Map.of("CCCI_JVM_FLAGS", C1 + " " + NO_WARMUP + " " + JFR, "CCCI_CDS", "0")),
                new Variant("+ serial GC", bin, Map.of("CCCI_JVM_FLAGS", C1 + " " + SERIAL + " " + NO_WARMUP + " " + JFR, "CCCI_CDS", "0")),
                new Variant("+ CDS archive", bin, Map.of("CCCI_JVM_FLAGS", C1 + " " + SERIAL + " " + NO_WARMUP + " " + JFR)),
                new Variant("+ jnr warm-up thread", bin, Map.of("CCCI_JVM_FLAGS", C1 + " " + SERIAL + " " + JFR)),
                new Variant("+ no JFR listeners (bin/ccci's default)", bin, Map.of()));

        // Warm-up, not counted: builds the harness and trains the CDS archive if needed, fills the page cache.
        for (Variant variant : variants) {
            launch(root, work, stub, variant, "warmup");
        }
        Map<Variant, List<Long>> times = new LinkedHashMap<>();
        variants.forEach(v -> times.put(v, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            // Rotate the order each round, so a drift of the machine's load hits every variant alike.
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get((i + round) % variants.size());
                times.get(variant).add(launch(root, work, stub, variant, "r" + round));
            }
        }

        StringBuilder out = new StringBuilder("| start-up | launch to the first abra call, median | min to max |\n|---|---|---|\n");
        times.forEach((variant, ms) -> out.append(String.format("| %s | %d ms | %d to %d ms |%n", variant.name(),
                BenchSupport.median(ms), ms.stream().mapToLong(Long::longValue).min().orElse(0),
                ms.stream().mapToLong(Long::longValue).max().orElse(0))));
        System.out.println(out);
        BenchSupport.deleteTree(work);
    }

    private static long launch(Path root, Path work, Path stub, Variant variant, String tag) throws Exception {
        Path stubLog = work.resolve("stub.log");
        Files.deleteIfExists(stubLog);
        String runId = "launch-" + tag + "-" + Math.abs(variant.name().hashCode());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CCCI_ABRA", stub.toString());
        env.put("STUB_LOG", stubLog.toString());
        env.put("CCCI_DOMAIN_SUFFIX", BenchSupport.DOMAIN_SUFFIX);
        env.put("CCCI_RUNS_DIR", work.resolve("runs").toString());
        env.put("CCCI_APP_LOCK_DIR", work.resolve("locks").toString());
        env.put("CCCI_RUN_ID", runId);
        env.put("RECIPE", "demo-web");
        env.put("STAGES", "install");
        env.putAll(variant.env());
        BenchSupport.Timed timed = BenchSupport.run(List.of("bash", "-c", "cd \"$0\" && " + variant.script(), root.toString()),
                env, work.resolve(runId + ".out"), RUN_TIMEOUT);
        if (timed.rebuilt() || timed.text().contains("training the class-data sharing archive")) {
            log(variant.name() + " " + tag + ": bin/ccci built the harness or its CDS archive first; measuring again");
            BenchSupport.markHarnessBuilt(root);
            return launch(root, work, stub, variant, tag + "x");
        }
        if (!Files.exists(stubLog)) {
            throw new IllegalStateException(variant.name() + ": no abra call (exit " + timed.exit() + "):\n" + timed.text());
        }
        long firstUs = Long.parseLong(Files.readAllLines(stubLog).get(0).strip());
        long ms = (firstUs - ChronoUnit.MICROS.between(Instant.EPOCH, timed.launched())) / 1000;
        log(variant.name() + " " + tag + ": first abra call after " + ms + " ms");
        return ms;
    }
}
