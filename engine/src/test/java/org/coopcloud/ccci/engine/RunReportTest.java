package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.FailureCause;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.Baseline;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.coopcloud.ccci.engine.results.ReportLinks;
import org.coopcloud.ccci.engine.results.RunOrigin;
import org.coopcloud.ccci.engine.results.RunReport;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;
import org.coopcloud.ccci.engine.results.StepResult;
import org.coopcloud.ccci.engine.testing.GfmRender;
import org.coopcloud.ccci.engine.results.Verdict;
import org.junit.jupiter.api.Test;

/**
 * pr-comment.md and the console summary, from results built in memory (the engine writes them at
 * teardown), asserted on the comment as a CommonMark+GFM renderer renders it ({@link GfmRender}).
 */
class RunReportTest {
    private static final String RUN_PAGE = "https://ci.example.org/runs/42";
    private static final String DRONE = "https://drone.example.org/coop-cloud/cc-ci/42";
    private static final ReportLinks LINKS = new ReportLinks(Optional.of("https://ci.example.org/"), Optional.of(DRONE),
            Optional.empty());
    /** The crash loop's whole reason as the deploy reports it (seen on the sandbox's pr-crashloop head). */
    private static final String CRASH_REASON = """
            install: demo_ci_test did not converge in 7s: a service keeps failing
            service demo_ci_test_store: 3 tasks failed since the deploy began, the last: task: non-zero exit (1)
              0/1 running
              task store.1 j01ktc6a05zz: ready (desired ready) at 2026-12-07T19:11:27.954114019Z: prepared
              task store.1 pjyso4ktb42p: failed (desired shutdown) at 2026-12-07T19:11:27.749710143Z: task: non-zero exit (1)
              task store.1 yb4f27mamo5p: failed (desired shutdown) at 2026-12-07T19:11:25.605456195Z: task: non-zero exit (1)
              last 3 log lines of task pjyso4ktb42p:
                | store: starting on :8080 with data in /data/kv and a deliberately long line that goes past three hundred characters so that a cut at the first three hundred characters of the reason would lose what follows it entirely, which is what happened before this change, every copy cut at three hundred characters, before the line that matters
                | store: reading configuration
                | store: fatal: STORE_QUOTA is not set
            service demo_ci_test_app: settled""";

    @Test
    void theCrashLoopsCommentCarriesTheStoresFatalLineAndNoSentenceOfTheReasonTwice() {
        String comment = RunReport.prComment(crashLoop(), LINKS, Baseline.of("main", Optional.of(4)));
        String html = GfmRender.html(comment);
        String text = String.join("\n", GfmRender.lines(comment));

        assertThat(html).contains("store: fatal: STORE_QUOTA is not set");
        assertThat(text).contains("level 0 of 4 — main is at level 4: install regressed");
        for (String sentence : List.of("store: fatal: STORE_QUOTA is not set", "keeps failing", "non-zero exit (1)")) {
            assertThat(occurrences(text, sentence)).as(sentence + " in\n" + text).isEqualTo(1);
        }
        assertThat(text).as("the task list and timestamps stay on the run page").doesNotContain("0/1 running")
                .doesNotContain("2026-12-07T19:11").doesNotContain("store: reading configuration");
        assertThat(text).contains("not run: install failed").doesNotContain("setup failed:");
        assertThat(GfmRender.lines(comment)).hasSizeLessThan(25);
    }

    @Test
    void theConsoleSummaryHeadsWithTheCauseOnceAndTheSameStatusWordsAsTheResults() {
        String summary = RunReport.summary(crashLoop());

        assertThat(summary.lines().findFirst().orElseThrow()).isEqualTo("==== cc-ci: demo-web PR 7 — level 0 of 4 ====");
        assertThat(summary.lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("cause (store): install: store keeps failing (3 tasks failed, the last: task: non-zero exit (1))");
        assertThat(occurrences(summary, "STORE_QUOTA is not set")).isEqualTo(1);
        assertThat(summary).contains("install   fail").contains("upgrade   unverified").contains("UTC")
                .doesNotContain("0/1 running");
    }

    @Test
    void aPrRunsHeadingSaysTheChangeAgainstMainOrThatMainIsNotKnown() {
        RunResults upgradeBroke = withRungs(List.of(RungStatus.PASS, RungStatus.FAIL, RungStatus.UNVERIFIED,
                RungStatus.UNVERIFIED, RungStatus.UNVERIFIED));

        assertThat(heading(upgradeBroke, Baseline.of("main", Optional.of(4))))
                .endsWith("level 1 of 4 — main is at level 4: upgrade regressed");
        assertThat(heading(passed(false), Baseline.of("main", Optional.of(4)))).endsWith("— same as main");
        assertThat(heading(passed(false), Baseline.of("release", Optional.of(2))))
                .endsWith("— the newest release is at level 2: improved");
        assertThat(heading(passed(false), Baseline.NO_RUN)).endsWith("— main has no run yet");
        assertThat(heading(passed(false), Baseline.UNKNOWN)).endsWith("— main: unknown");
        assertThat(heading(passed(false), Baseline.of("main", Optional.empty()))).endsWith("main's latest run has no level");
    }

    @Test
    void anAbortedRunSaysItWasAbortedWithNoLevel() {
        List<RungResult> rungs = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            rungs.add(new RungResult(stage, stage == Stage.INSTALL ? RungStatus.PASS : RungStatus.UNVERIFIED,
                    stage == Stage.INSTALL ? Optional.empty() : Optional.of("not run: run aborted (SIGTERM)"),
                    Optional.empty(), Map.of(), stage == Stage.INSTALL ? 4000 : 0));
        }
        RunResults aborted = new RunResults(spec(false), "42", "d", "s", Instant.parse("2026-11-29T10:00:00Z"), 9000,
                StepResult.PASSED, rungs, StepResult.PASSED, Optional.of("SIGTERM"));

        String text = String.join("\n", GfmRender.lines(RunReport.prComment(aborted, LINKS, Baseline.of("main", Optional.of(4)))));

        assertThat(aborted.reportedLevel()).isEmpty();
        assertThat(text).contains("aborted (SIGTERM), no level").contains("run aborted: SIGTERM")
                .doesNotContain("level 0").doesNotContain("of 4 —").doesNotContain("interrupted").doesNotContain("main is at");
    }

    @Test
    void anInfrastructureErrorIsNeverShownAsALevel() {
        RunResults results = results(StepResult.failed("docker daemon unreachable", FailureKind.INFRASTRUCTURE),
                rungsAll(RungStatus.UNVERIFIED, "not run: setup failed (infrastructure)"));

        String text = String.join("\n", GfmRender.lines(RunReport.prComment(results, LINKS)));

        assertThat(RunReport.verdictLine(results)).startsWith("No level: infrastructure error").contains("not the recipe")
                .endsWith(": docker daemon unreachable.");
        assertThat(text).contains("no level: infrastructure error").contains("docker daemon unreachable")
                .doesNotContain("level 0");
    }

    @Test
    void everyCommentStaysUnderTwentyFiveRenderedLinesWhateverTheReasonsLength() {
        String longReason = "first line of a long reason\n" + "detail line that goes on and on\n".repeat(60);
        List<RungResult> rungs = rungsAll(RungStatus.PASS, null);
        rungs.set(2, new RungResult(Stage.BACKUP, RungStatus.FAIL, Optional.of(longReason), Optional.of(FailureKind.APP), Map.of(), 10));
        ReportLinks withScreenshot = new ReportLinks(LINKS.dashboardUrl(), LINKS.logUrl(), Optional.of("app-screenshot.png"));

        for (RunResults run : List.of(crashLoop(), passed(false), passed(true), results(StepResult.PASSED, rungs))) {
            assertThat(GfmRender.lines(RunReport.prComment(run, withScreenshot, Baseline.of("main", Optional.of(3)))))
                    .hasSizeLessThan(25);
        }
    }

    @Test
    void theCardAndScreenshotAreFoldedAndTheLinksAreTheRunPageAndTheLog() {
        String comment = RunReport.prComment(passed(false), new ReportLinks(LINKS.dashboardUrl(), LINKS.logUrl(),
                Optional.of("app-screenshot.png")), Baseline.of("main", Optional.of(4)));

        assertThat(comment).contains("<details><summary>Summary card and screenshot</summary>")
                .contains("[![summary of run 42](" + RUN_PAGE + "/card.png)](" + RUN_PAGE + ")")
                .contains("![landing page of demo-web](" + RUN_PAGE + "/files/app-screenshot.png)")
                .contains("Reproduce: `bin/ccci run demo-web --ref 3f2a9c1 --pr 7 --src coop-cloud/demo-web`");
        assertThat(GfmRender.links(comment)).containsOnly(RUN_PAGE, DRONE);
        assertThat(occurrences(GfmRender.html(comment), "<h3>")).isEqualTo(1);
        assertThat(occurrences(GfmRender.html(comment), "<table>")).isEqualTo(1);
    }

    @Test
    void textFromRunDataNeverLinksMentionsOrReferences() {
        String evil = "boom <script>alert(1)</script> ![x](https://evil.example/x.png) [click](https://evil.example) "
                + "see https://evil.example/a and www.evil.example, mail admin@evil.example, ping @alice, fixes #123 | col";
        List<RungResult> rungs = rungsAll(RungStatus.PASS, null);
        rungs.set(1, new RungResult(Stage.UPGRADE, RungStatus.FAIL, Optional.of(evil + "\n    | @bob https://evil.example/log"),
                Optional.of(FailureKind.APP), Map.of("base", "1.0.0+1.0 @carol"), 10));
        rungs.set(2, new RungResult(Stage.BACKUP, RungStatus.UNVERIFIED, Optional.of("not run: " + evil), Optional.empty(), Map.of(), 0));
        RunResults results = results(StepResult.PASSED, rungs);

        String comment = RunReport.prComment(results, LINKS, Baseline.UNKNOWN);
        String html = GfmRender.html(comment);

        assertThat(GfmRender.links(comment)).as("only our own links").containsOnly(RUN_PAGE, DRONE);
        assertThat(html).doesNotContain("<script>").doesNotContain("src=\"https://evil").doesNotContain("evil.example/x.png\"");
        String text = String.join("\n", GfmRender.lines(comment));
        // (The cause's log lines are a code block: literal, never linked, no mention; so "@bob https://..." may stay.)
        for (String ping : List.of("@alice", "@carol", "#123", "admin@evil", "https://evil.example/a", "www.evil")) {
            assertThat(text).as("nothing a GFM or Gitea autolinker would take: " + ping).doesNotContain(ping);
        }
        assertThat(text).contains("| col").contains("alert(1)");
    }

    @Test
    void aLinkSettingThatIsNotAPlainWebUrlIsLeftOut() {
        ReportLinks links = new ReportLinks(Optional.of("javascript:alert(1)"), Optional.of("https://x.example/a) [b](c"),
                Optional.of("../etc/passwd"));

        assertThat(links.dashboardUrl()).isEmpty();
        assertThat(links.logUrl()).isEmpty();
        assertThat(links.screenshot()).isEmpty();
    }

    @Test
    void aQuickRunIsLabelledLowerConfidenceAndReproducedQuick() {
        String comment = RunReport.prComment(passed(true), LINKS);

        assertThat(comment).contains("Quick lane").contains("lower confidence").contains("quick-lane level 4 of 4")
                .contains("never gates a merge").contains("--src coop-cloud/demo-web --quick`");
    }

    @Test
    void aFailedRungTheRecipeIsKnownToFlakeOnSaysSoAndStaysAFailure() {
        RunResults results = withRungs(List.of(RungStatus.PASS, RungStatus.FAIL, RungStatus.UNVERIFIED, RungStatus.UNVERIFIED,
                RungStatus.UNVERIFIED));
        Baseline flaky = Baseline.of("main", Optional.of(4)).withFlaky(Map.of(Stage.UPGRADE, "2 of 5 commits run more than once got both verdicts",
                Stage.INSTALL, "1 of 5 commits"));

        String comment = RunReport.prComment(results, ReportLinks.NONE, flaky);

        assertThat(comment).contains("known flaky on this recipe: 2 of 5 commits run more than once got both verdicts")
                .doesNotContain("1 of 5 commits").contains("❌ fail");
        assertThat(results.verdict()).isEqualTo(Verdict.APP_FAILED);
        assertThat(RunReport.prComment(results, ReportLinks.NONE, Baseline.of("main", Optional.of(4)))).doesNotContain("known flaky");
    }

    static RunResults crashLoop() {
        List<RungResult> rungs = new ArrayList<>();
        rungs.add(new RungResult(Stage.INSTALL, RungStatus.FAIL,
                Optional.of("install: store keeps failing (3 tasks failed, the last: task: non-zero exit (1))"),
                Optional.of(FailureKind.APP), Map.of(), 9200));
        for (Stage stage : List.of(Stage.UPGRADE, Stage.BACKUP, Stage.RESTORE, Stage.CUSTOM)) {
            rungs.add(new RungResult(stage, RungStatus.UNVERIFIED, Optional.of("not run: install failed"), Optional.empty(), Map.of(), 0));
        }
        FailureCause cause = FailureCause.of("install: store keeps failing (3 tasks failed, the last: task: non-zero exit (1))",
                "store", List.of("store: fatal: STORE_QUOTA is not set"));
        return new RunResults(spec(false), "42", "d", "s", Instant.parse("2026-11-29T10:00:00Z"), 19_500,
                StepResult.failed(CRASH_REASON, FailureKind.APP), rungs, StepResult.PASSED, Optional.empty(), Map.of(),
                RunOrigin.of(spec(false)), Optional.of(cause));
    }

    private static String heading(RunResults results, Baseline baseline) {
        return GfmRender.lines(RunReport.prComment(results, LINKS, baseline)).get(0);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    private static RunSpec spec(boolean quick) {
        return new RunSpec("demo-web", Optional.of("3f2a9c1"), Optional.of(7), Optional.of("coop-cloud/demo-web"),
                Set.of(Stage.values()), quick);
    }

    private static RunResults passed(boolean quick) {
        return new RunResults(spec(quick), "42", "demo-abc123.ci.test", "demo-abc123_ci_test", Instant.parse("2026-11-29T10:00:00Z"),
                60_000, StepResult.PASSED, rungsAll(RungStatus.PASS, null), StepResult.PASSED, Optional.empty());
    }

    private static RunResults withRungs(List<RungStatus> statuses) {
        List<RungResult> rungs = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            RungStatus status = statuses.get(stage.ordinal());
            rungs.add(new RungResult(stage, status, Optional.ofNullable(status == RungStatus.PASS ? null : "failed: x"),
                    status == RungStatus.FAIL ? Optional.of(FailureKind.APP) : Optional.empty(), Map.of(), 5));
        }
        return results(StepResult.PASSED, rungs);
    }

    private static RunResults results(StepResult setup, List<RungResult> rungs) {
        return new RunResults(spec(false), "42", "d", "s", Instant.parse("2026-11-29T10:00:00Z"), 1000, setup, rungs,
                StepResult.PASSED, Optional.empty());
    }

    private static List<RungResult> rungsAll(RungStatus status, String reason) {
        List<RungResult> rungs = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            rungs.add(new RungResult(stage, status, Optional.ofNullable(reason), Optional.empty(), new HashMap<>(Map.of("under-test", "abc")), 5));
        }
        return rungs;
    }
}
