package org.coopcloud.ccci.engine.results;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.FailureCause;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * Writes results.json, and reads it back ({@link #read(String)}) for whoever renders a run again
 * (the bridge re-renders the PR comment with main's level). The schema (version 2) is documented in
 * docs/architecture.md; add fields, never rename or repurpose them, and bump {@link #SCHEMA_VERSION}
 * when a reader would break. Version 2 added {@code kind}, {@code trigger}, {@code commit},
 * {@code links} and {@code cause}; readers accept version 1 files without them.
 */
public final class ResultsJson {
    public static final int SCHEMA_VERSION = 2;
    /** The oldest schema readers still accept: version 2 only added fields. */
    public static final int OLDEST_READABLE_SCHEMA = 1;
    public static final String FILE_NAME = "results.json";

    private ResultsJson() {
    }

    public static Map<String, Object> toMap(RunResults results) {
        return toMap(results, List.of());
    }

    /** With the run's phase timings ({@code phases}: name and seconds, in the order they ended). */
    public static Map<String, Object> toMap(RunResults results, List<PhaseTiming> phases) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA_VERSION);
        root.put("recipe", results.spec().recipe());
        root.put("run_id", results.runId());
        root.put("domain", results.domain());
        root.put("stack", results.stack());
        root.put("ref", results.spec().ref().orElse(null));
        root.put("pr", results.spec().pr().orElse(null));
        root.put("src", results.spec().src().orElse(null));
        root.put("quick", results.spec().quick());
        root.put("stages", results.spec().stages().stream().sorted().map(Stage::id).toList());
        root.put("kind", results.origin().kind().id());
        root.put("trigger", results.origin().trigger().id());
        root.put("commit", results.origin().commit().orElse(null));
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("pr", results.origin().links().pr().orElse(null));
        links.put("commit", results.origin().links().commit().orElse(null));
        links.put("build", results.origin().links().build().orElse(null));
        root.put("links", links);
        root.put("level", results.reportedLevel().orElse(null));
        root.put("verdict", results.verdict().id());
        root.put("cause", results.cause().map(ResultsJson::cause).orElse(null));
        root.put("not_checked", results.notes().notChecked());
        root.put("peak_memory_bytes", results.notes().peakMemoryBytes().orElse(null));
        root.put("abort_cause", results.abortCause().orElse(null));
        root.put("started_at", results.startedAt().toString());
        root.put("duration_ms", results.durationMillis());
        root.put("setup", step(results.setup()));
        List<Object> rungs = new ArrayList<>();
        List<String> declared = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        for (RungResult rung : results.rungs()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("stage", rung.stage().id());
            r.put("level", rung.stage().level());
            r.put("status", rung.status().id());
            r.put("reason", rung.reason().orElse(null));
            r.put("failure_kind", rung.failureKind().map(FailureKind::id).orElse(null));
            r.put("versions", new LinkedHashMap<>(rung.versions()));
            r.put("duration_ms", rung.durationMillis());
            r.put("data_check", rung.dataCheck().orElse(null));
            rungs.add(r);
            if (rung.status() == RungStatus.SKIP) {
                declared.add(rung.stage().id());
            } else if (rung.status() == RungStatus.UNVERIFIED) {
                undeclared.add(rung.stage().id());
            }
        }
        root.put("rungs", rungs);
        root.put("skips", Map.of("declared", declared, "undeclared", undeclared));
        root.put("teardown", step(results.teardown()));
        List<Object> timings = new ArrayList<>();
        for (PhaseTiming phase : phases) {
            timings.add(Map.of("phase", phase.phase(), "seconds", phase.millis() / 1000.0));
        }
        root.put("phases", timings);
        // Files the run wrote into its run directory, by name (e.g. "screenshot"); absent when none.
        new java.util.TreeMap<>(results.artifacts()).forEach(root::putIfAbsent);
        return root;
    }

    /** Writes atomically (temp file, then rename), so a reader never sees half a file. */
    public static Path write(RunResults results, Path runDirectory) throws IOException {
        return write(results, List.of(), runDirectory);
    }

    /** Writes atomically, with the run's phase timings. */
    public static Path write(RunResults results, List<PhaseTiming> phases, Path runDirectory) throws IOException {
        Path target = runDirectory.resolve(FILE_NAME);
        Path temp = runDirectory.resolve(FILE_NAME + ".tmp");
        try {
            Files.writeString(temp, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES).asString(toMap(results, phases)) + "\n");
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp); // a temp file the disk could not take whole is never left behind
        }
        return target;
    }

    private static Map<String, Object> cause(FailureCause cause) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("summary", cause.summary());
        c.put("where", cause.where().orElse(null));
        c.put("lines", cause.lines());
        return c;
    }

    private static Map<String, Object> step(StepResult step) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", step.passed() ? "pass" : "fail");
        s.put("reason", step.reason().orElse(null));
        s.put("failure_kind", step.failureKind().map(FailureKind::id).orElse(null));
        return s;
    }

}
