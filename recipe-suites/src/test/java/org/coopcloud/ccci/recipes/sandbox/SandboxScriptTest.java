package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.recipes.sandbox.Sandbox.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sandbox/sandbox up|status|down}: status on the real sandbox, and a full up, status, down
 * cycle into a private state dir and abra home (sharing the real dockerd, swarm and image, which
 * that cycle must leave alone), plus the recipe repos the history manifests describe.
 */
class SandboxScriptTest {
    private Path tmp;

    @BeforeAll
    static void sandboxUp() {
        Sandbox.requireSandboxUp();
    }

    @BeforeEach
    void tmp() throws IOException {
        tmp = Files.createTempDirectory("ccci-sandbox-test-");
    }

    @AfterEach
    void rmTmp() {
        Sandbox.deleteTree(tmp);
    }

    @Test
    void statusOfTheRealSandboxSaysEverythingIsUp() {
        Result r = sandbox(Map.of(), "status");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("ok       dockerd answering", "ok       swarm active", "ok       image ccci/busybox:1",
                "ok       recipe repo", "demo-web.git", "demo-static.git", "ok       abra stand-in", "sandbox is up")
                .doesNotContain("MISSING");
    }

    @Test
    void statusNamesWhatIsMissingAndFails() {
        Result r = sandbox(isolated(), "status");
        assertThat(r.exit()).as(r.describe()).isNotZero();
        assertThat(r.out()).contains("ok       swarm active", "MISSING  recipe repo " + tmp.resolve("state/catalogue/demo-web.git"),
                "MISSING  abra stand-in", "MISSING  abra home", "run bin/ccci sandbox up");
    }

    @Test
    void upIsIdempotentAndDownRemovesOnlyWhatItCreated() throws IOException {
        Map<String, String> env = isolated();
        Result up = sandbox(env, "up");
        assertThat(up.exit()).as(up.describe()).isZero();
        assertThat(up.out()).contains("building recipe repo").doesNotContain("building image").doesNotContain("dockerd");
        assertThat(sandbox(env, "status").exit()).isZero();

        long t0 = System.nanoTime();
        Result again = sandbox(env, "up");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(again.exit()).as(again.describe()).isZero();
        assertThat(Sandbox.lines(again.out())).as("a re-run changes nothing").hasSize(1).allMatch(l -> l.startsWith("sandbox: up ("));
        assertThat(ms).as("a re-run with everything up is fast").isLessThan(5_000);

        // Same sources, same commits: the private build equals the canonical one.
        Path web = tmp.resolve("state/catalogue/demo-web.git");
        assertThat(git(web, "rev-parse", "main")).isEqualTo(git(Sandbox.sandboxDir().resolve("catalogue/demo-web.git"), "rev-parse", "main"));
        assertThat(tmp.resolve("abra/servers/default")).isDirectory();
        assertThat(tmp.resolve("abra/catalogue/recipes.json")).content().contains(web.toString());

        Files.writeString(tmp.resolve("abra/servers/default/someone.example.env"), "TYPE=demo-web\n");
        Result down = sandbox(env, "down");
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(tmp.resolve("state")).doesNotExist();
        assertThat(tmp.resolve("abra/catalogue")).doesNotExist();
        assertThat(tmp.resolve("abra/servers/default/someone.example.env")).as("an app's env is not the sandbox's").exists();
        assertThat(Sandbox.docker("image", "inspect", "ccci/busybox:1").ok()).as("the shared image was not created by this cycle").isTrue();
        assertThat(Sandbox.docker("info", "--format", "{{.Swarm.LocalNodeState}}").out().trim()).isEqualTo("active");
    }

    @Test
    void upKeepsCatalogueEntriesItDidNotWriteAndDownRemovesOnlyItsOwn() throws IOException {
        Map<String, String> env = isolated();
        assertThat(sandbox(env, "up").exit()).isZero();
        Path catalogue = tmp.resolve("abra/catalogue/recipes.json");
        // An operator's (or a test's) own recipe, and a stale entry of a demo recipe this sandbox no longer builds.
        String gone = tmp.resolve("state/catalogue/demo-gone.git").toString();
        String written = Files.readString(catalogue).strip();
        Files.writeString(catalogue, "{\"someones-recipe\": {\"name\": \"someones-recipe\", \"repository\": \"/srv/someone.git\"},"
                + " \"demo-gone\": {\"name\": \"demo-gone\", \"repository\": \"" + gone + "\"}, "
                + written.substring(1));

        Result again = sandbox(env, "up");
        assertThat(again.exit()).as(again.describe()).isZero();
        String after = Files.readString(catalogue);
        assertThat(after).as("an entry it did not write is kept").contains("someones-recipe", "/srv/someone.git")
                .as("its own entries are all there").contains("demo-web.git", "demo-pub.git")
                .as("its own entry for a recipe it no longer builds is dropped").doesNotContain("demo-gone");

        Result down = sandbox(env, "down");
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(catalogue).as("someone else's entry keeps the file").exists();
        assertThat(Files.readString(catalogue)).contains("someones-recipe").doesNotContain("demo-web");
    }

    @Test
    void demoWebRepoHasTheTagsAndBranchesTheManifestDescribes() {
        Path repo = Sandbox.sandboxDir().resolve("catalogue/demo-web.git");
        assertThat(Sandbox.lines(git(repo, "tag", "-l"))).containsExactly("1.0.0+1.0", "1.1.0+1.1");
        for (String tag : List.of("1.0.0+1.0", "1.1.0+1.1")) {
            assertThat(git(repo, "cat-file", "-t", "refs/tags/" + tag)).as("annotated (abra refuses lightweight tags)").isEqualTo("tag");
        }
        assertThat(Sandbox.lines(git(repo, "branch", "--format=%(refname:short)"))).contains("main", "pr-crashloop",
                "pr-upgrade-crashloop", "pr-slow-start", "pr-dataloss", "pr-identical", "pr-restore-loss");
        assertThat(git(repo, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/main");
        String tag11 = git(repo, "rev-parse", "1.1.0+1.1^{commit}");
        assertThat(git(repo, "rev-parse", "pr-identical")).isEqualTo(tag11);
        assertThat(git(repo, "rev-parse", "main^")).as("the PR head is one commit after the last release").isEqualTo(tag11);
        assertThat(git(repo, "show", "main:abra.sh")).contains("DEMO_VERSION=1.2.0+1.2");
        assertThat(git(repo, "show", "1.0.0+1.0:abra.sh")).contains("DEMO_VERSION=1.0.0+1.0");
        assertThat(git(repo, "ls-tree", "--name-only", "main")).doesNotContain("history")
                .contains("compose.yml", ".env.sample", "abra.sh", "README.md");
    }

    private Map<String, String> isolated() {
        return Map.of("CCCI_SANDBOX_DIR", tmp.resolve("state").toString(), "CCCI_ABRA_HOME", tmp.resolve("abra").toString());
    }

    private static Result sandbox(Map<String, String> env, String command) {
        return Sandbox.run(env, Duration.ofSeconds(120), Sandbox.SANDBOX.toString(), command);
    }
}
