package org.coopcloud.ccci.dashboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Run directories as the harness leaves them, written with the engine's own results.json and
 * pr-comment.md writers (so the dashboard is tested against the real schema), plus the events and
 * the JUnit XML report the console launcher writes.
 */
public final class RunDirs {
    private RunDirs() {
    }

    /** A run that climbed to {@code level}; the rung above it fails with {@code failure} (when below the top). */
    public static Path run(Path runsDir, String id, String recipe, Instant startedAt, int level, String failure) {
        return write(runsDir, results(id, recipe, startedAt, StepResult.PASSED, climbed(level, failure), false), failure);
    }

    /** A run of the recipe's default branch (no PR, no ref): what results.json without {@code kind} reads as main. */
    public static Path mainRun(Path runsDir, String id, String recipe, Instant startedAt, int level, String failure) {
        RunResults pr = results(id, recipe, startedAt, StepResult.PASSED, climbed(level, failure), false);
        RunSpec spec = new RunSpec(recipe, Optional.empty(), Optional.empty(), Optional.empty(), pr.spec().stages(), false);
        return write(runsDir, new RunResults(spec, id, pr.domain(), pr.stack(), startedAt, pr.durationMillis(), pr.setup(),
                pr.rungs(), pr.teardown(), Optional.empty()), failure);
    }

    /** Adds (or replaces) top-level fields of a run's results.json, as a newer harness writes them. */
    public static void amend(Path runDir, Map<String, Object> fields) {
        try {
            Path file = runDir.resolve("results.json");
            Map<String, Object> root = new java.util.LinkedHashMap<>(com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(Files.readString(file)));
            root.putAll(fields);
            Files.writeString(file, com.fasterxml.jackson.jr.ob.JSON.std.with(com.fasterxml.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT)
                    .asString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run still going on this host: its event log so far, no results.json. */
    public static Path running(Path runsDir, String id, String recipe, Instant startedAt, String... eventLines) {
        try {
            Path dir = Files.createDirectories(runsDir.resolve(id));
            StringBuilder events = new StringBuilder("{\"ts\":\"" + startedAt + "\",\"event\":\"run.start\",\"run_id\":\"" + id
                    + "\",\"recipe\":\"" + recipe + "\",\"stages\":\"install,upgrade,backup,restore,custom\"}\n");
            for (String line : eventLines) {
                events.append(line).append('\n');
            }
            Files.writeString(dir.resolve("events.jsonl"), events);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RungResult> climbed(int level, String failure) {
        List<RungResult> rungs = new ArrayList<>();
        boolean failedOne = false;
        for (Stage stage : Stage.values()) {
            RungStatus status;
            Optional<String> reason = Optional.empty();
            Optional<FailureKind> kind = Optional.empty();
            if (stage.level() <= level) {
                status = RungStatus.PASS;
            } else if (!failedOne) {
                status = RungStatus.FAIL;
                reason = Optional.of(failure);
                kind = Optional.of(FailureKind.APP);
                failedOne = true;
            } else {
                status = RungStatus.UNVERIFIED;
                reason = Optional.of("prerequisite failed");
            }
            rungs.add(new RungResult(stage, status, reason, kind, Map.of("under-test", "1.2.0+2.1"), 1500));
        }
        return rungs;
    }

    /** Every rung passed. */
    public static List<RungResult> passedRungs() {
        List<RungResult> rungs = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            rungs.add(new RungResult(stage, RungStatus.PASS, Optional.empty(), Optional.empty(), Map.of("under-test", "1.2.0+2.1"), 1500));
        }
        return rungs;
    }

    /** A run whose setup failed because of the platform: no level. */
    public static Path infrastructureError(Path runsDir, String id, String recipe, Instant startedAt) {
        List<RungResult> rungs = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            rungs.add(new RungResult(stage, RungStatus.UNVERIFIED, Optional.of("setup failed"), Optional.empty(), Map.of(), 0));
        }
        return write(runsDir, results(id, recipe, startedAt,
                StepResult.failed("docker daemon not reachable", FailureKind.INFRASTRUCTURE), rungs, false), "");
    }

    public static RunResults results(String id, String recipe, Instant startedAt, StepResult setup, List<RungResult> rungs,
            boolean quick) {
        return new RunResults(new RunSpec(recipe, Optional.of("3f2a9c1"), Optional.of(12), Optional.of("coop-cloud/" + recipe),
                EnumSet.allOf(Stage.class), quick), id, recipe + "-abc123.ci.test", recipe + "-abc123_ci_test", startedAt,
                83_000, setup, rungs, StepResult.PASSED, Optional.empty());
    }

    public static Path write(Path runsDir, RunResults results, String failure) {
        try {
            Path dir = Files.createDirectories(runsDir.resolve(results.runId()));
            Files.createDirectories(dir.resolve("reports"));
            Files.createDirectories(dir.resolve("abra/recipes").resolve(results.spec().recipe()));
            Files.writeString(dir.resolve("abra/recipes").resolve(results.spec().recipe()).resolve("compose.yml"), "services: {}\n");
            Files.writeString(dir.resolve("events.jsonl"), events(results));
            Files.writeString(dir.resolve("reports/TEST-cc-ci.xml"), junitXml(results, failure));
            Files.writeString(dir.resolve("reports/open-test-report.xml"), "<?xml version=\"1.0\"?><e:events xmlns:e=\"https://schemas.opentest4j.org/reporting/events/0.2.0\"/>\n");
            ResultsJson.write(results, dir);
            Files.writeString(dir.resolve(RunReport.PR_COMMENT_FILE), RunReport.prComment(results));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String events(RunResults r) {
        return "{\"ts\":\"" + r.startedAt() + "\",\"event\":\"run.start\",\"run_id\":\"" + r.runId() + "\",\"recipe\":\""
                + r.spec().recipe() + "\"}\n"
                + "{\"ts\":\"" + r.startedAt().plusSeconds(5) + "\",\"event\":\"deploy.done\",\"purpose\":\"install\"}\n"
                + "{\"ts\":\"" + r.startedAt().plusSeconds(80) + "\",\"event\":\"run.done\",\"verdict\":\"" + r.verdict().id() + "\"}\n";
    }

    private static String junitXml(RunResults r, String failure) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"cc-ci\">\n");
        xml.append("<testcase name=\"set up and deploy\" classname=\"x\" time=\"6.1\"/>\n");
        for (RungResult rung : r.rungs()) {
            String name = rung.stage().id() + "/" + capital(rung.stage().id()) + "Tier.serving";
            xml.append("<testcase name=\"").append(name).append("\" classname=\"x\" time=\"0.2\">");
            if (rung.status() == RungStatus.FAIL) {
                xml.append("<failure message=\"").append(escape(failure)).append("\" type=\"AssertionError\">")
                        .append(escape("java.lang.AssertionError: " + failure + "\n\tat Tier.serving")).append("</failure>");
            } else if (rung.status() != RungStatus.PASS) {
                xml.append("<skipped message=\"").append(escape(rung.reason().orElse(""))).append("\"/>");
            }
            xml.append("</testcase>\n");
        }
        return xml.append("</testsuite>\n").toString();
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
