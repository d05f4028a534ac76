package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.coopcloud.ccci.engine.results.ReportLinks;
import org.coopcloud.ccci.engine.results.RunReport;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;
import org.coopcloud.ccci.engine.results.StepResult;
import org.junit.jupiter.api.Test;

/** pr-comment.md and the verdict line, from results built in memory (the engine writes them at teardown). */
class RunReportTest {
    private static final ReportLinks LINKS = new ReportLinks(Optional.of("https://ci.example.org/"),
            Optional.of("https://drone.example.org/coop-cloud/cc-ci/42"), Optional.empty());

    @Test
    void anInfrastructureErrorIsNeverShownAsALevel() {
        RunResults results = results(false, StepResult.failed("docker daemon unreachable", FailureKind.INFRASTRUCTURE),
                Set.of(Stage.values()), rungsAll(RungStatus.UNVERIFIED, "setup failed"));

        String comment = RunReport.prComment(results, LINKS);

        assertThat(RunReport.verdictLine(results)).startsWith("No level: infrastructure error in setup (docker daemon unreachable)")
                .contains("not the recipe");
        assertThat(comment).contains("reached **no level (infrastructure error)**").doesNotContain("level 0");
    }

    @Test
    void theCommentLinksThisRunsPageBadgeCardAndLogAndNamesTheVerdictInOneLine() {
        String comment = RunReport.prComment(passed(false), LINKS);

        assertThat(comment)
                .contains("[![level 4 of 4](https://ci.example.org/runs/42/badge.svg)](https://ci.example.org/runs/42)")
                .contains("**Level 4 of 4: install, upgrade, backup, restore, custom passed.**")
                .contains("[![summary of run 42](https://ci.example.org/runs/42/card.png)](https://ci.example.org/runs/42)")
                .contains("[Run page](https://ci.example.org/runs/42) · [Log](https://drone.example.org/coop-cloud/cc-ci/42)")
                .doesNotContain("landing page").doesNotContain("Quick lane");
    }

    @Test
    void withoutADashboardTheCommentHasNoBrokenImages() {
        String comment = RunReport.prComment(passed(false), new ReportLinks(Optional.empty(), Optional.empty(),
                Optional.of("app-screenshot.png")));

        assertThat(comment).doesNotContain("](").contains("`app-screenshot.png` in the run directory");
    }

    @Test
    void theAppsScreenshotIsShownWhenTheRunTookOne() {
        String comment = RunReport.prComment(passed(false), new ReportLinks(LINKS.dashboardUrl(), LINKS.logUrl(),
                Optional.of("app-screenshot.png")));

        assertThat(comment).contains("![landing page of demo-web](https://ci.example.org/runs/42/files/app-screenshot.png)");
    }

    @Test
    void aQuickRunIsLabelledLowerConfidenceAndReproducedQuick() {
        RunResults quick = passed(true);

        assertThat(RunReport.prComment(quick, LINKS)).contains("**Quick lane**").contains("lower confidence")
                .contains("bin/ccci run demo-web --ref 3f2a9c1 --pr 7 --src coop-cloud/demo-web --quick\n");
    }

    @Test
    void aFailureMessageCannotAddLinksImagesOrHtmlToTheComment() {
        String evil = "boom <script>alert(1)</script> ![x](https://evil.example/x.png) [click](https://evil.example) | col";
        List<RungResult> rungs = rungsAll(RungStatus.PASS, null);
        rungs.set(1, new RungResult(Stage.UPGRADE, RungStatus.FAIL, Optional.of(evil), Optional.of(FailureKind.APP),
                Map.of("base", "1.0.0+1.0"), 10));
        RunResults results = results(false, StepResult.PASSED, Set.of(Stage.values()), rungs);

        String comment = RunReport.prComment(results, LINKS);

        assertThat(comment).doesNotContain("<script>").doesNotContain("![x](").doesNotContain("[click](")
                .contains("\\<script\\>").contains("\\!\\[x\\]\\(https://evil.example/x.png\\)")
                .contains("\\| col");
        assertThat(RunReport.verdictLine(results)).isEqualTo("Level 1 of 4: upgrade failed: " + evil + ".");
    }

    @Test
    void aLinkSettingThatIsNotAPlainWebUrlIsLeftOut() {
        ReportLinks links = new ReportLinks(Optional.of("javascript:alert(1)"), Optional.of("https://x.example/a) [b](c"),
                Optional.of("../etc/passwd"));

        assertThat(links.dashboardUrl()).isEmpty();
        assertThat(links.logUrl()).isEmpty();
        assertThat(links.screenshot()).isEmpty();
    }

    private static RunResults passed(boolean quick) {
        return new RunResults(new RunSpec("demo-web", Optional.of("3f2a9c1"), Optional.of(7), Optional.of("coop-cloud/demo-web"),
                Set.of(Stage.values()), quick), "42", "demo-abc123.ci.test", "demo-abc123_ci_test", Instant.parse("2026-11-29T10:00:00Z"),
                60_000, StepResult.PASSED, rungsAll(RungStatus.PASS, null), StepResult.PASSED, Optional.empty());
    }

    private static RunResults results(boolean quick, StepResult setup, Set<Stage> stages, List<RungResult> rungs) {
        return new RunResults(new RunSpec("demo-web", Optional.empty(), Optional.empty(), Optional.empty(),
                EnumSet.copyOf(stages), quick), "42", "d", "s", Instant.parse("2026-11-29T10:00:00Z"), 1000, setup, rungs,
                StepResult.PASSED, Optional.empty());
    }

    private static List<RungResult> rungsAll(RungStatus status, String reason) {
        List<RungResult> rungs = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            rungs.add(new RungResult(stage, status, Optional.ofNullable(reason), Optional.empty(), Map.of("under-test", "abc"), 5));
        }
        return rungs;
    }
}
