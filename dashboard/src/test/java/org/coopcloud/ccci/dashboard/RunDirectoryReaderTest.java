package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.coopcloud.ccci.dashboard.runs.ResultsJsonReader;
import org.coopcloud.ccci.dashboard.runs.RunDirectoryReader;
import org.coopcloud.ccci.dashboard.runs.RunState;
import org.coopcloud.ccci.dashboard.runs.RunView;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.engine.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every state a run directory can be in, read without ever throwing. */
class RunDirectoryReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path runs;

    @Test
    void resultsJsonReadsBackWhatTheEngineWrote() throws Exception {
        Path dir = RunDirs.run(runs, "41", "demo-web", NOW.minusSeconds(600), 2, "backup failed: tar exited 2");

        RunView run = RunDirectoryReader.read(dir, true, NOW);

        assertThat(run.state()).isEqualTo(RunState.COMPLETE);
        ResultsJsonReader.Recorded recorded = run.recorded().orElseThrow();
        RunResults results = recorded.results();
        assertThat(recorded.level()).contains(2);
        assertThat(recorded.verdict()).isEqualTo("app-failed");
        assertThat(results.level()).isEqualTo(2);
        assertThat(results.spec().pr()).contains(12);
        assertThat(results.rungs().get(2).reason()).contains("backup failed: tar exited 2");
        assertThat(results.rungs().get(0).versions()).containsEntry("under-test", "1.2.0+2.1");
        assertThat(run.files()).containsExactly("results.json", "pr-comment.md", "events.jsonl",
                "reports/TEST-cc-ci.xml", "reports/open-test-report.xml");
        assertThat(RunDirectoryReader.details(run).checks()).extracting(c -> c.name() + ":" + c.status())
                .startsWith("set up and deploy:passed", "install/InstallTier.serving:passed")
                .contains("backup/BackupTier.serving:failed");
    }

    @Test
    void aResultsFileCutShortIsMalformedAndNamesTheProblem() throws Exception {
        Path dir = RunDirs.run(runs, "42", "demo-web", NOW, 4, "");
        String json = Files.readString(dir.resolve("results.json"));
        Files.writeString(dir.resolve("results.json"), json.substring(0, json.length() / 2));

        RunView run = RunDirectoryReader.read(dir, true, NOW);

        assertThat(run.state()).isEqualTo(RunState.MALFORMED);
        assertThat(run.recipe()).as("known from the run.start event").contains("demo-web");
        assertThat(run.problem()).get().asString().contains("not valid JSON");
    }

    @Test
    void aFieldOfTheWrongKindIsNamed() throws Exception {
        Path dir = RunDirs.run(runs, "43", "demo-web", NOW, 4, "");
        String json = Files.readString(dir.resolve("results.json"));
        Files.writeString(dir.resolve("results.json"), json.replaceFirst("\"status\" : \"pass\"", "\"status\" : \"great\""));

        RunView run = RunDirectoryReader.read(dir, true, NOW);

        assertThat(run.state()).isEqualTo(RunState.MALFORMED);
        assertThat(run.problem()).contains("results.json: field 'setup.status' has unknown value 'great'");
    }

    @Test
    void aNewerSchemaIsReportedNotMisread() throws Exception {
        Path dir = RunDirs.run(runs, "44", "demo-web", NOW, 4, "");
        int newer = org.coopcloud.ccci.engine.results.ResultsJson.SCHEMA_VERSION + 1;
        Files.writeString(dir.resolve("results.json"), Files.readString(dir.resolve("results.json"))
                .replaceFirst("\"schema\" : \\d+", "\"schema\" : " + newer));

        assertThat(RunDirectoryReader.read(dir, true, NOW).problem()).get().asString().contains("field 'schema' is " + newer);
    }

    @Test
    void aRunsKindIsResultsJsonsElseImpliedAsTheContractSays() throws Exception {
        Path pr = RunDirs.run(runs, "46", "demo-web", NOW, 4, "");
        Path main = RunDirs.mainRun(runs, "47", "demo-web", NOW, 4, "");
        Path quick = RunDirs.write(runs, RunDirs.results("48", "demo-web", NOW, org.coopcloud.ccci.engine.results.StepResult.PASSED,
                RunDirs.passedRungs(), true), "");
        Files.writeString(quick.resolve("results.json"), Files.readString(quick.resolve("results.json")).replace("\"pr\" : 12,", ""));
        Path release = RunDirs.mainRun(runs, "49", "demo-web", NOW, 4, "");
        RunDirs.amend(release, java.util.Map.of("kind", "release", "commit", "c".repeat(40)));
        Path bad = RunDirs.mainRun(runs, "50", "demo-web", NOW, 4, "");
        RunDirs.amend(bad, java.util.Map.of("kind", "nightly"));

        assertThat(RunDirectoryReader.read(pr, true, NOW).kind()).contains(org.coopcloud.ccci.dashboard.runs.RunKind.PR);
        assertThat(RunDirectoryReader.read(main, true, NOW).kind()).contains(org.coopcloud.ccci.dashboard.runs.RunKind.MAIN);
        assertThat(RunDirectoryReader.read(quick, true, NOW).kind()).contains(org.coopcloud.ccci.dashboard.runs.RunKind.QUICK);
        RunView rel = RunDirectoryReader.read(release, true, NOW);
        assertThat(rel.kind()).contains(org.coopcloud.ccci.dashboard.runs.RunKind.RELEASE);
        assertThat(rel.commit()).contains("c".repeat(40));
        assertThat(RunDirectoryReader.read(bad, true, NOW).problem()).get().asString()
                .contains("field 'kind' has unknown value 'nightly'");
    }

    @Test
    void aRunStillWritingItsEventsIsRunningAndOneLongSilentIsIncomplete() throws Exception {
        Path live = Files.createDirectories(runs.resolve("45"));
        Files.writeString(live.resolve("events.jsonl"), "{\"ts\":\"2026-11-29T11:59:00Z\",\"event\":\"run.start\",\"recipe\":\"demo-web\"}\n{\"ts\":");
        Files.setLastModifiedTime(live.resolve("events.jsonl"), FileTime.from(NOW.minusSeconds(30)));

        RunView running = RunDirectoryReader.read(live, true, NOW);
        assertThat(running.state()).isEqualTo(RunState.RUNNING);
        assertThat(running.recipe()).contains("demo-web");
        assertThat(RunDirectoryReader.details(running).events()).extracting(e -> e.name())
                .containsExactly("run.start", "unreadable line");

        Files.setLastModifiedTime(live.resolve("events.jsonl"), FileTime.from(NOW.minus(RunDirectoryReader.RUNNING_WINDOW).minusSeconds(1)));
        assertThat(RunDirectoryReader.read(live, true, NOW).state()).isEqualTo(RunState.INCOMPLETE);
        Files.setLastModifiedTime(live.resolve("events.jsonl"), FileTime.from(NOW.minusSeconds(30)));
        assertThat(RunDirectoryReader.read(live, false, NOW).state()).as("a published run has ended").isEqualTo(RunState.INCOMPLETE);
    }

    @Test
    void anEmptyDirectoryIsIncompleteWithAReason() throws Exception {
        RunView run = RunDirectoryReader.read(Files.createDirectories(runs.resolve("46")), true, NOW);

        assertThat(run.state()).isEqualTo(RunState.INCOMPLETE);
        assertThat(run.recipe()).isEmpty();
        assertThat(run.problem()).get().asString().contains("neither results.json nor events.jsonl");
    }
}
