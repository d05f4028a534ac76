package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertNothingLeft;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertWholeLadderPassed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole ladder end to end on the sandbox, with the demo recipes' good and bad PR heads
 * (branches of their repos, see sandbox/README.md). Every run must leave nothing behind.
 */
class LadderEndToEndTest {
    /** Keeps the bad heads' convergence waits short; a good deploy converges in seconds. */
    private static final Map<String, String> QUICK_TIMEOUT = Map.of("CCCI_DEPLOY_TIMEOUT_SECONDS", "45");

    @TempDir
    Path work;

    @Test
    void demoWebClimbsTheWholeLadderToLevelFour() throws Exception {
        Harness.Finished run = new Harness(work).run("ladder-web", Map.of(), "demo-web", "--pr", "21");

        assertWholeLadderPassed(run);
        assertThat(run.rung("upgrade").get("versions")).isEqualTo(Map.of("from", "1.1.0+1.1",
                "to", ((Map<?, ?>) run.rung("install").get("versions")).get("under-test")));
        assertThat(run.count("deploy.start")).as("install, upgrade base, upgrade head").isEqualTo(3);
        // Its suite's data seed checks the data through the app: the markers are not used.
        assertThat(run.rung("upgrade")).containsEntry("data_check", "suite");
        assertThat(run.rung("restore")).containsEntry("data_check", "suite");
        assertThat(run.eventNames()).doesNotContain("markers.placed");
        assertNothingLeft(run.stack());
    }

    @Test
    void aStatelessRecipeDeclaresBackupAndRestoreNotApplicableAndTheLevelClimbsPastThem() throws Exception {
        Harness.Finished run = new Harness(work).run("ladder-static", Map.of(), "demo-static", "--pr", "22");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.rung("backup")).containsEntry("status", "skip");
        assertThat(String.valueOf(run.rung("backup").get("reason"))).contains("stateless");
        assertThat(run.rung("restore")).containsEntry("status", "skip");
        assertThat(run.rung("custom")).containsEntry("status", "pass");
        assertThat(run.results()).containsEntry("level", 4)
                .containsEntry("skips", Map.of("declared", List.of("backup", "restore"), "undeclared", List.of()));
        assertNothingLeft(run.stack());
    }

    @Test
    void anUpgradeThatCrashLoopsFailsTheRungWithTheTaskErrorAndSkipsWhatFollows() throws Exception {
        Harness.Finished run = new Harness(work).run("ladder-upgrade-crash", Map.of(), "demo-web",
                "--ref", "pr-upgrade-crashloop", "--pr", "23");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("install")).containsEntry("status", "pass");
        assertThat(run.rung("upgrade")).containsEntry("status", "fail").containsEntry("failure_kind", "app");
        assertThat(String.valueOf(run.rung("upgrade").get("reason"))).contains("store").contains("paused")
                .as("the last lines of the store's log").contains("| store: fatal: migrating ").contains("keys to format 2 failed");
        Map<String, Object> failed = run.event("deploy.failed");
        assertThat(((Number) failed.get("seconds")).doubleValue()).as("fails at least 5x sooner than the deploy timeout")
                .isLessThan(((Number) failed.get("timeout_seconds")).doubleValue() / 5);
        for (String later : List.of("backup", "restore", "custom")) {
            assertThat(run.rung(later)).containsEntry("status", "unverified")
                    .containsEntry("reason", "not run: upgrade failed");
        }
        assertThat(run.results()).containsEntry("level", 1);
        assertNothingLeft(run.stack());
    }

    @Test
    void aRefOrRecipeThatDoesNotExistIsTheUsersBadInputExitTwoWithNothingDeployed() throws Exception {
        Harness.Finished noRef = new Harness(work).run("ladder-no-ref", Map.of(), "demo-web", "--ref", "no-such-branch");

        assertThat(noRef.status()).as(noRef.output()).isEqualTo(2);
        assertThat(noRef.output()).contains("the ref 'no-such-branch' does not exist");
        assertThat(noRef.results()).containsEntry("verdict", "bad-input").containsEntry("level", null);
        assertThat(String.valueOf(noRef.results().get("cause"))).contains("no-such-branch");
        assertThat(noRef.count("deploy.start")).as("nothing deployed").isZero();
        assertNothingLeft(noRef.stack());

        Harness.Finished noRecipe = new Harness(work).run("ladder-no-recipe", Map.of(), "demo-nope");
        assertThat(noRecipe.status()).as(noRecipe.output()).isEqualTo(2);
        assertThat(noRecipe.output()).contains("the recipe 'demo-nope' is unknown");
        assertThat(noRecipe.count("deploy.start")).isZero();
    }

    @Test
    void anUpgradeThatLosesTheSeededDataFailsOnTheData() throws Exception {
        Harness.Finished run = new Harness(work).run("ladder-dataloss", QUICK_TIMEOUT, "demo-web",
                "--ref", "pr-dataloss", "--pr", "24", "--stages", "install,upgrade");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("upgrade")).containsEntry("status", "fail");
        assertThat(String.valueOf(run.rung("upgrade").get("reason"))).contains("ccci-seed");
        assertThat(run.results()).containsEntry("level", 1);
        assertNothingLeft(run.stack());
    }

    @Test
    void aPrHeadIdenticalToTheBaseVersionNeverPassesTheUpgrade() throws Exception {
        Harness.Finished run = new Harness(work).run("ladder-identical",
                Map.of("UPGRADE_BASE_VERSION", "1.1.0+1.1"), "demo-web", "--ref", "pr-identical", "--pr", "25",
                "--stages", "install,upgrade");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("upgrade")).containsEntry("status", "fail");
        assertThat(String.valueOf(run.rung("upgrade").get("reason"))).contains("is the base version 1.1.0+1.1 itself");
        assertThat(run.count("deploy.start")).as("no deploy was spent on a pretend upgrade").isEqualTo(1);
        assertThat(run.results()).containsEntry("level", 1);
        assertNothingLeft(run.stack());
    }

    @Test
    void aRestoreThatDoesNotBringTheDataBackFailsTheRestoreRung() throws Exception {
        Harness.Finished run = new Harness(work).run("ladder-restore-loss", QUICK_TIMEOUT, "demo-web",
                "--ref", "pr-restore-loss", "--pr", "26");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("backup")).containsEntry("status", "pass");
        assertThat(run.rung("restore")).containsEntry("status", "fail");
        assertThat(run.rung("custom")).containsEntry("status", "unverified");
        assertThat(run.results()).containsEntry("level", 2);
        assertNothingLeft(run.stack());
    }

    @Test
    void oneTierClassRunAloneAsAnIdeWouldIsDeployThatTierAndTeardown() throws Exception {
        Harness harness = new Harness(work);
        String classpath = Harness.ROOT.resolve("recipe-suites/target/classes") + ":"
                + java.nio.file.Files.readString(Harness.ROOT.resolve("recipe-suites/target/ccci.classpath")).strip();
        Process launch = harness.start("one-tier", Map.of(), List.of("java", "-jar",
                Harness.ROOT.resolve("recipe-suites/target/console/junit-platform-console-standalone.jar").toString(),
                "execute", "--class-path", classpath, "--include-engine", "cc-ci", "--disable-banner",
                "--select", "class:org.coopcloud.ccci.recipes.demoweb.DemoWebChecks",
                "--config", "ccci.run.id=one-tier"));
        Harness.Finished run = harness.finish("one-tier", launch, Duration.ofMinutes(5));

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.rung("custom")).containsEntry("status", "pass");
        assertThat(run.rung("upgrade")).containsEntry("status", "unverified")
                .containsEntry("reason", "not selected in this launch");
        assertThat(run.count("deploy.start")).isEqualTo(1);
        assertThat(run.eventNames()).containsSubsequence("deploy.done", "tier.start", "tier.done", "teardown.done");
        assertNothingLeft(run.stack());
    }
}
