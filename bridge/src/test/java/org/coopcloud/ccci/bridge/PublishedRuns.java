package org.coopcloud.ccci.bridge;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.coopcloud.ccci.engine.results.Baseline;
import org.coopcloud.ccci.engine.results.ReportLinks;
import org.coopcloud.ccci.engine.results.ResultsJson;
import org.coopcloud.ccci.engine.results.ResultsJsonReader;
import org.coopcloud.ccci.engine.results.RunReport;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;
import org.coopcloud.ccci.engine.results.StepResult;

/**
 * A run's results.json and pr-comment.md as the engine itself writes them (its {@link ResultsJson}
 * and {@link RunReport}), so the bridge's tests read the real schema, not a copy of it.
 */
public final class PublishedRuns {
    public enum Outcome {
        PASSED, APP_FAILED, INFRASTRUCTURE_ERROR, ABORTED
    }

    /** Results and PR comment text of one run. */
    public record Files(String resultsJson, String prComment) {
        /** The comment the bridge posts: rendered again from results.json with main's level and the links. */
        public String bridgeComment(Baseline baseline, String dashboardUrl, String buildLink) {
            try {
                return RunReport.prComment(ResultsJsonReader.read(resultsJson), new ReportLinks(Optional.of(dashboardUrl),
                        Optional.of(buildLink), Optional.empty()), baseline);
            } catch (ResultsJsonReader.MalformedResultsException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private PublishedRuns() {
    }

    public static Files run(String runId, String recipe, String sha, long pr, String src, boolean quick, Outcome outcome) {
        RunSpec spec = new RunSpec(recipe, Optional.of(sha), Optional.of((int) pr), Optional.of(src),
                EnumSet.allOf(Stage.class), quick);
        List<RungResult> rungs = new ArrayList<>();
        StepResult setup = StepResult.PASSED;
        for (Stage stage : Stage.values()) {
            RungStatus status = RungStatus.PASS;
            Optional<String> reason = Optional.empty();
            Optional<FailureKind> kind = Optional.empty();
            if (outcome == Outcome.APP_FAILED && stage == Stage.BACKUP) {
                status = RungStatus.FAIL;
                reason = Optional.of("backup produced no archive");
                kind = Optional.of(FailureKind.APP);
            }
            rungs.add(new RungResult(stage, status, reason, kind, Map.of("under-test", "1.2.0+" + sha.substring(0, 7)), 1000));
        }
        if (outcome == Outcome.INFRASTRUCTURE_ERROR) {
            setup = StepResult.failed("docker daemon unreachable", FailureKind.INFRASTRUCTURE);
            rungs.clear();
        }
        RunResults results = new RunResults(spec, runId, recipe + "-abc123.ci.test", "stack", Instant.parse("2026-11-29T12:00:00Z"),
                60_000, setup, rungs, StepResult.PASSED,
                outcome == Outcome.ABORTED ? Optional.of("SIGTERM") : Optional.empty());
        try {
            return new Files(JSON.std.asString(ResultsJson.toMap(results)), RunReport.prComment(results));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
