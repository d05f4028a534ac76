package org.coopcloud.ccci.benchmark;

import static org.coopcloud.ccci.benchmark.BenchSupport.log;
import static org.coopcloud.ccci.benchmark.BenchSupport.median;
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
 * Issue 12's measurement: what the host's warm apps save, each pair alternated round by round in
 * this one process. (1) demo-login's install and custom rungs with its own realm in a warm demo-sso
 * against the same run deploying a demo-sso of the same release for itself ({@code
 * CCCI_DEPENDENCY_VERSIONS} pins it, which always means a deploy of its own). (2) A quick run of
 * demo-web on its canonical app against demo-web's full cold ladder. Both canonical apps are
 * promoted first (not timed) and removed at the end. Markdown on stdout, progress on stderr.
 * Argument: the number of rounds (default 2).
 */
public final class WarmLaneBenchmark {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final int ATTEMPTS = 3;
    private static final String SSO_RELEASE = "1.1.0+1.1";

    private WarmLaneBenchmark() {
    }

    /** One variant of a pair: what it runs and with which extra environment. */
    record Variant(String name, List<String> args, Map<String, String> env) {
    }

    record Result(String variant, long wallMs, String outcome) {
    }

    private static final List<List<Variant>> PAIRS = List.of(
            List.of(new Variant("demo-login, realm in a warm demo-sso", List.of("run", "demo-login", "--stages", "install,custom"),
                            Map.of()),
                    new Variant("demo-login, own demo-sso deployed", List.of("run", "demo-login", "--stages", "install,custom"),
                            Map.of("CCCI_DEPENDENCY_VERSIONS", "demo-sso=" + SSO_RELEASE))),
            List.of(new Variant("demo-web --quick (canonical app)", List.of("run", "demo-web", "--quick"), Map.of()),
                    new Variant("demo-web full cold ladder", List.of("run", "demo-web"), Map.of())));

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Path root = BenchSupport.root();
        BenchSupport.sandboxUp(root);
        DockerClient docker = DockerClient.fromEnvironment();
        BenchSupport.sweepNowAndOnExit(docker); // also removes the canonical apps (their stacks end in the suffix)
        Path work = Files.createTempDirectory("ccci-warm-bench");
        Files.createDirectories(work.resolve("runs"));
        Files.createDirectories(work.resolve("locks"));
        log("work dir " + work + ", " + rounds + " rounds");
        for (String recipe : List.of("demo-sso", "demo-web")) {
            canonical(root, work, recipe, "promote");
        }
        Map<String, List<Result>> results = new LinkedHashMap<>();
        PAIRS.forEach(pair -> pair.forEach(v -> results.put(v.name(), new ArrayList<>())));
        for (int i = 0; i < rounds; i++) {
            for (List<Variant> pair : PAIRS) {
                for (int k = 0; k < pair.size(); k++) {
                    Variant variant = pair.get((i + k) % pair.size()); // alternate which goes first
                    results.get(variant.name()).add(run(root, work, variant, "r" + (i + 1)));
                }
            }
        }
        for (String recipe : List.of("demo-web", "demo-sso")) {
            canonical(root, work, recipe, "remove");
        }
        report(results);
        BenchSupport.deleteTree(work);
    }

    private static Map<String, String> env(Path root, Path work, String runId) {
        Map<String, String> env = new LinkedHashMap<>(BenchSupport.harnessEnv(root, work, runId,
                work.resolve("abra-" + runId + ".log")));
        env.put("CCCI_CANONICAL_DIR", work.resolve("canonical").toString());
        return env;
    }

    private static void canonical(Path root, Path work, String recipe, String action) throws Exception {
        String id = "canonical-" + action + "-" + recipe;
        log("bin/ccci canonical " + recipe + " " + action);
        BenchSupport.Timed timed = BenchSupport.run(List.of(root.resolve("bin/ccci").toString(), "canonical", recipe, action),
                env(root, work, id), work.resolve(id + ".out"), RUN_TIMEOUT);
        if (timed.exit() != 0) {
            throw new IllegalStateException("canonical " + recipe + " " + action + " exited " + timed.exit() + ":\n"
                    + timed.text());
        }
        log("canonical " + recipe + " " + action + ": " + seconds(timed.wallMs()));
    }

    private static Result run(Path root, Path work, Variant variant, String tag) throws Exception {
        for (int attempt = 1; ; attempt++) {
            String runId = "warm-" + Integer.toHexString(variant.name().hashCode()) + "-" + tag + "-" + attempt;
            Map<String, String> env = env(root, work, runId);
            env.putAll(variant.env());
            List<String> command = new ArrayList<>(List.of(root.resolve("bin/ccci").toString()));
            command.addAll(variant.args());
            log(variant.name() + " " + tag + ": bin/ccci " + String.join(" ", variant.args()));
            BenchSupport.Timed timed = BenchSupport.run(command, env, work.resolve(runId + ".out"), RUN_TIMEOUT);
            if (timed.rebuilt()) {
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("bin/ccci rebuilt the harness " + ATTEMPTS + " times in a row");
                }
                BenchSupport.markHarnessBuilt(root);
                continue;
            }
            if (timed.exit() != 0) {
                throw new IllegalStateException(variant.name() + " exited " + timed.exit() + ":\n" + timed.text());
            }
            Map<String, Object> res = JSON.std.mapFrom(Files.readString(work.resolve("runs").resolve(runId)
                    .resolve("results.json")));
            Result result = new Result(variant.name(), timed.wallMs(), "level " + res.get("level") + ", " + res.get("verdict"));
            log(variant.name() + " " + tag + ": " + seconds(result.wallMs()) + ", " + result.outcome());
            return result;
        }
    }

    private static void report(Map<String, List<Result>> results) {
        StringBuilder out = new StringBuilder("| run | wall, each round | median wall | outcome |\n|---|---|---|---|\n");
        for (var e : results.entrySet()) {
            List<Result> rs = e.getValue();
            out.append("| ").append(e.getKey()).append(" | ")
                    .append(String.join(", ", rs.stream().map(r -> seconds(r.wallMs())).toList())).append(" | ")
                    .append(seconds(median(rs, Result::wallMs))).append(" | ")
                    .append(String.join("; ", rs.stream().map(Result::outcome).distinct().toList())).append(" |\n");
        }
        out.append('\n');
        for (List<Variant> pair : PAIRS) {
            long warm = median(results.get(pair.get(0).name()), Result::wallMs);
            long cold = median(results.get(pair.get(1).name()), Result::wallMs);
            out.append(String.format("Wall time ratio %s / %s (medians, this run): %.2f%n", pair.get(0).name(),
                    pair.get(1).name(), (double) warm / cold));
        }
        System.out.print(out);
    }
}
