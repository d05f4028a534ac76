package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertNothingLeft;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertWholeLadderPassed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * demo-local: a recipe with no Java anywhere, tested from its own {@code .cc-ci.yml} (read at the PR
 * head): the whole ladder from its health path, volume markers and two HTTP checks; a head whose
 * upgrade empties its volume; a head whose file is malformed, failed before anything is deployed.
 */
class RecipeLocalFileEndToEndTest {
    @TempDir
    Path work;

    @Test
    void aRecipeWithNoJavaClimbsToLevelFourFromItsOwnFileEachCheckATestOfItsOwn() throws Exception {
        Harness harness = new Harness(work);
        Harness.Finished run = harness.run("local-good", Map.of(), "demo-local", "--pr", "41");

        assertWholeLadderPassed(run);
        assertThat(run.rung("upgrade")).containsEntry("data_check", "volume-markers");
        assertThat(run.rung("restore")).containsEntry("data_check", "volume-markers");
        assertThat(run.output()).contains("] profile: health.path from .cc-ci.yml line 3",
                "GET /cgi-bin/health at ", "check passed: the landing page names the recipe",
                "check passed: the version endpoint answers with the recipe's name");
        assertThat(run.event("recipe.file")).containsEntry("status", "read").containsEntry("checks", 2);
        String junitXml = Files.readString(harness.runs().resolve("local-good/reports/TEST-cc-ci.xml"));
        assertThat(junitXml).contains("name=\"custom/RecipeFileChecks.the landing page names the recipe\"",
                "name=\"custom/RecipeFileChecks.the version endpoint answers with the recipe's name\"");
        assertNothingLeft(run.stack());
    }

    @Test
    void aMalformedFileAtThePrHeadFailsTheRunBeforeAnythingIsDeployedNamingTheLine() throws Exception {
        Harness.Finished run = new Harness(work).run("local-bad-file", Map.of(), "demo-local", "--ref", "pr-bad-file");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.results()).containsEntry("level", 0).containsEntry("verdict", "app-failed");
        assertThat(run.rung("install")).containsEntry("status", "fail").containsEntry("failure_kind", "app");
        assertThat(String.valueOf(run.rung("install").get("reason")))
                .startsWith(".cc-ci.yml line 11, column 13: checks[2].status: expected an HTTP status");
        assertThat(run.count("deploy.start")).as("nothing deployed").isZero();
        assertThat(run.eventNames()).doesNotContain("lock.acquired");
        assertNothingLeft(run.stack());
    }

    @Test
    void aHeadWhoseUpgradeEmptiesTheVolumeFailsUpgradeAsTheRecipesFault() throws Exception {
        Harness.Finished run = new Harness(work).run("local-empties", Map.of("CCCI_DEPLOY_TIMEOUT_SECONDS", "60"),
                "demo-local", "--ref", "pr-upgrade-empties", "--stages", "install,upgrade");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("install")).containsEntry("status", "pass");
        assertThat(run.rung("upgrade")).containsEntry("status", "fail").containsEntry("failure_kind", "app")
                .containsEntry("data_check", "volume-markers");
        assertThat(String.valueOf(run.rung("upgrade").get("reason"))).contains("no longer holds .cc-ci-marker");
        assertThat(run.results()).containsEntry("level", 1);
        assertNothingLeft(run.stack());
    }
}
