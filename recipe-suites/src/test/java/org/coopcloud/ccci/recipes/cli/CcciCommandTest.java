package org.coopcloud.ccci.recipes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/ccci's contract for bad input and usage: exit 2, a message naming the problem, nothing created. */
class CcciCommandTest {
    private static final Path CCCI = Path.of("..", "bin", "ccci").toAbsolutePath().normalize();

    @TempDir
    Path runs;

    record Result(int status, String output) {
    }

    @Test
    void anUnknownCommandIsAUsageError() throws Exception {
        Result result = ccci(Map.of(), "deploy-everything");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.output()).contains("unknown command 'deploy-everything'").contains("usage: bin/ccci");
    }

    @Test
    void canonicalRefusesBadUsageBeforeAnythingRuns() throws Exception {
        assertThat(ccci(Map.of(), "canonical", "demo-web")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.output()).contains("canonical needs a recipe and an action");
        });
        assertThat(ccci(Map.of(), "canonical", "Demo_Web", "status")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.output()).contains("recipe 'Demo_Web' is not a recipe name");
        });
        assertThat(ccci(Map.of(), "canonical", "demo-web", "upgrade")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.output()).contains("unknown action 'upgrade'");
        });
        assertThat(ccci(Map.of(), "canonical", "demo-web", "promote", "--version", "1.0;rm -rf")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.output()).contains("is not a release tag");
        });
        assertThat(ccci(Map.of(), "canonical", "demo-web", "status", "--all")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.output()).contains("canonical status takes no arguments");
        });
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void anUnknownRunOptionIsAUsageError() throws Exception {
        Result result = ccci(Map.of(), "run", "demo-web", "--colour", "blue");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.output()).contains("unknown option '--colour'");
    }

    @Test
    void badInputExitsTwoNamingEveryBadFieldAndCreatesNoRunDirectory() throws Exception {
        Result result = ccci(Map.of(), "run", "Demo_Web", "--pr", "x1", "--stages", "install,nope");
        assertThat(result.status()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("ccci.recipe (env RECIPE): 'Demo_Web'")
                .contains("ccci.pr (env PR): 'x1'").contains("ccci.stages (env STAGES): 'nope'");
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void badInputFromDronesEnvVarsIsRefusedTheSameWay() throws Exception {
        Result result = ccci(Map.of("RECIPE", "demo-web", "SRC", "not a repo"), "run");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.output()).contains("ccci.src (env SRC): 'not a repo' is not owner/repo");
    }

    @Test
    void aRunWithoutARecipeSaysHowToGiveOne() throws Exception {
        Result result = ccci(Map.of(), "run");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.output()).contains("no recipe given: bin/ccci run <recipe>");
    }

    @Test
    void theJanitorWithoutAPlatformSweepsStaleLockfilesAndSaysWhy() throws Exception {
        // abra missing, or a daemon this client cannot reach: no orphan can be found, but a stale
        // lockfile is still removed, with a message instead of a stack trace.
        for (Map<String, String> broken : List.of(Map.of("CCCI_ABRA", "/nonexistent/abra"),
                Map.of("CCCI_ABRA", CCCI.resolveSibling("../sandbox/abra").normalize().toString(),
                        "DOCKER_HOST", "tcp://127.0.0.1:2375"))) {
            Path locks = java.nio.file.Files.createDirectories(runs.resolve("locks-" + broken.size()));
            Path stale = java.nio.file.Files.createFile(locks.resolve("cc-ci-app-demo-abc123.ci.test.lock"));
            Map<String, String> env = new java.util.HashMap<>(broken);
            env.put("CCCI_APP_LOCK_DIR", locks.toString());

            Result result = ccci(env, "janitor");

            // It did not do all its work (no orphan could be looked for): exit 1, so a timer or cron job sees it.
            assertThat(result.status()).as(result.output()).isEqualTo(1);
            assertThat(result.output()).contains("cannot reach the platform to find orphaned apps")
                    .contains(broken.containsKey("DOCKER_HOST") ? "DOCKER_HOST" : "CCCI_ABRA")
                    .contains("lockfiles only").doesNotContain("Exception in thread").doesNotContain("\tat ");
            assertThat(stale).doesNotExist();
        }
    }

    private Result ccci(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CCCI.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (String inherited : List.of("RECIPE", "REF", "PR", "SRC", "STAGES", "CCCI_QUICK", "DRONE_BUILD_NUMBER")) {
            builder.environment().remove(inherited);
        }
        builder.environment().putAll(env);
        builder.environment().put("CCCI_RUNS_DIR", runs.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
