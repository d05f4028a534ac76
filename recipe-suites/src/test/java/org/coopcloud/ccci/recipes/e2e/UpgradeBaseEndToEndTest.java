package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertNothingLeft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.coopcloud.ccci.recipes.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade base that does not deploy is not the PR's fault (issue 18, item 6): a copy of demo-web
 * whose release {@code 0.9.0+broken} crash-loops (its store exits at every start) is the base
 * ({@code UPGRADE_BASE_VERSION}); the PR head is demo-web's good main. The upgrade rung is
 * unverified with the base's reason, the PR head goes back, and backup, restore and the recipe's
 * own checks pass on it. Before, the install app stayed torn down, backup failed "no services" and
 * the run ended app-failed at level 1: the PR blamed.
 */
class UpgradeBaseEndToEndTest {
    private static final String BROKEN = "0.9.0+broken";

    @TempDir
    Path work;

    /**
     * An abra home of the test's own (CCCI_ABRA_HOME) whose catalogue has demo-web at a copy of the
     * sandbox's repo with one more release, {@code 0.9.0+broken}, whose store crash-loops:
     * releases are the recipe's own tags, so the broken one must be a tag of the recipe's repo, not
     * of a PR's fork. The shared sandbox catalogue is left alone.
     */
    private Path abraHomeWithABrokenRelease() throws Exception {
        Path checkout = work.resolve("demo-web-checkout");
        Sandbox.git(work, "clone", "--quiet", Sandbox.sandboxDir().resolve("catalogue/demo-web.git").toString(),
                checkout.toString());
        // The sandbox's pr-crashloop commit (its store exits 1 at every start), released.
        Sandbox.git(checkout, "-c", "user.name=someone", "-c", "user.email=someone@cc-ci.invalid", "tag", "-a", "-m",
                "demo-web " + BROKEN, BROKEN, "origin/pr-crashloop");
        Path repo = work.resolve("catalogue/demo-web.git");
        Sandbox.git(work, "clone", "--quiet", "--bare", checkout.toString(), repo.toString());
        Sandbox.git(repo, "symbolic-ref", "HEAD", "refs/heads/main");
        Path home = work.resolve("abra-home");
        Files.createDirectories(home.resolve("servers/default"));
        Files.createDirectories(home.resolve("catalogue"));
        Files.writeString(home.resolve("catalogue/recipes.json"), "{\"demo-web\": {\"name\": \"demo-web\", \"repository\": \""
                + repo + "\", \"ssh_url\": \"" + repo + "\", \"default_branch\": \"main\"}}\n");
        return home;
    }

    @Test
    void aBaseThatDoesNotDeployLeavesTheUpgradeUnverifiedAndTheLaterRungsRunOnThePrHead() throws Exception {
        Path abraHome = abraHomeWithABrokenRelease();
        Harness harness = new Harness(work);

        Harness.Finished run = harness.run("base-broken", Map.of("UPGRADE_BASE_VERSION", BROKEN,
                "CCCI_ABRA_HOME", abraHome.toString()), "demo-web", "--pr", "61");

        assertThat(run.rung("upgrade")).as(run.output()).containsEntry("status", "unverified");
        assertThat(String.valueOf(run.rung("upgrade").get("reason"))).contains("the base version " + BROKEN)
                .contains("does not deploy");
        // The PR head went back, and the later rungs tested it as they would have.
        for (String stage : new String[] {"backup", "restore", "custom"}) {
            assertThat(run.rung(stage)).as(stage + "\n" + run.output()).containsEntry("status", "pass");
        }
        assertThat(run.results().get("verdict")).as("never the PR's failure").isNotEqualTo("app-failed");
        assertThat(run.results()).containsEntry("level", 1);
        assertThat(run.count("upgrade.base.failed")).isEqualTo(1);
        assertNothingLeft(run.stack());
    }
}
