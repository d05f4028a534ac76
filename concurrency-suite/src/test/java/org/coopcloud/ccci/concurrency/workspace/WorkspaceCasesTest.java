package org.coopcloud.ccci.concurrency.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.coopcloud.ccci.concurrency.support.ConcurrencyFixture;
import org.coopcloud.ccci.harness.testing.TestRunContext;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;
import org.coopcloud.ccci.harness.workspace.WorkspaceExtension;
import org.junit.jupiter.api.Test;

/** Per-run ABRA_DIR: real directories, real symlinks, real git, real child processes. */
class WorkspaceCasesTest extends ConcurrencyFixture {
    private static final String RECIPE = "demo";

    private TestRunContext runContext(String runId) {
        return TestRunContext.identifiedAs(runId, tmp.resolve("runs").resolve(runId), DOMAIN)
                .with("ccci.abra.home", canonical().toString()).readingProcessEnvironment();
    }

    private Path canonical() {
        return tmp.resolve("home/.abra");
    }

    @Test
    void perRunDirIsBuiltAndExportedBeforeTheFirstAbraCall() throws Exception {
        // abra cannot be installed here; a stub on PATH records the ABRA_DIR it was started with,
        // which is all this case asserts on.
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path seen = tmp.resolve("abra-saw");
        Path stub = Files.writeString(bin.resolve("abra"), "#!/bin/sh\necho \"$ABRA_DIR\" > " + seen + "\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        TestRunContext run = runContext("501");

        new WorkspaceExtension().beforeRun(run);
        RunWorkspace ws = run.store().require(RunWorkspace.class);
        ProcessRunner runner = run.store().require(ProcessRunner.class);
        runner.run(Command.of(stub.toString(), "app", "ls")).requireSuccess();

        assertThat(ws.abraDir()).isEqualTo(tmp.resolve("runs/501/abra"));
        assertThat(Files.readSymbolicLink(ws.abraDir().resolve("servers"))).isEqualTo(canonical().resolve("servers"));
        assertThat(Files.readSymbolicLink(ws.abraDir().resolve("catalogue"))).isEqualTo(canonical().resolve("catalogue"));
        assertThat(ws.abraDir().resolve("recipes")).isEmptyDirectory();
        assertThat(seen).hasContent(ws.abraDir().toString());
        assertThat(runner.environment()).containsAllEntriesOf(ws.childEnvironment());

        new WorkspaceExtension().beforeRun(runContext("501")); // the same run id again: no error, same tree
        assertThat(Files.readSymbolicLink(ws.abraDir().resolve("servers"))).isEqualTo(canonical().resolve("servers"));
    }

    @Test
    void twoConcurrentSameRecipeCheckoutsStayApart() throws Exception {
        Path origin = recipeRepoWithTwoVersions();
        TestRunContext a = runContext("601");
        TestRunContext b = runContext("602");
        new WorkspaceExtension().beforeRun(a);
        new WorkspaceExtension().beforeRun(b);

        CompletableFuture<String> inA = CompletableFuture.supplyAsync(() -> cloneAndCheckout(a, origin, "v1"));
        CompletableFuture<String> inB = CompletableFuture.supplyAsync(() -> cloneAndCheckout(b, origin, "v2"));

        assertThat(inA.get()).isEqualTo("one");
        assertThat(inB.get()).isEqualTo("two");
        assertThat(a.store().require(RunWorkspace.class).recipeDir(RECIPE).resolve("data.txt")).hasContent("one");
        assertThat(b.store().require(RunWorkspace.class).recipeDir(RECIPE).resolve("data.txt")).hasContent("two");
        assertThat(origin.resolve("data.txt")).as("the source is untouched").hasContent("two");
        assertThat(canonical().resolve("recipes")).doesNotExist();
    }

    /** What the fetch step does inside a run: git in the run's own recipes/, through the run's runner. */
    private static String cloneAndCheckout(TestRunContext run, Path origin, String tag) {
        try {
            RunWorkspace ws = run.store().require(RunWorkspace.class);
            ProcessRunner runner = run.store().require(ProcessRunner.class);
            Path dest = ws.recipeDir(RECIPE);
            runner.run(Command.of("git", "clone", "-q", origin.toString(), dest.toString())).requireSuccess();
            runner.run(Command.of("git", "-C", dest.toString(), "checkout", "-q", "-f", tag)).requireSuccess();
            return Files.readString(dest.resolve("data.txt")).trim();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path recipeRepoWithTwoVersions() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("origin").resolve(RECIPE));
        ProcessRunner git = new ProcessRunner().withEnvironment(Map.of("GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@t",
                "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@t"));
        git.run(Command.of("git", "init", "-q").inDirectory(repo)).requireSuccess();
        for (String[] version : List.of(new String[] {"v1", "one"}, new String[] {"v2", "two"})) {
            Files.writeString(repo.resolve("data.txt"), version[1] + "\n");
            git.run(Command.of("git", "add", "data.txt").inDirectory(repo)).requireSuccess();
            git.run(Command.of("git", "commit", "-qm", version[0]).inDirectory(repo)).requireSuccess();
            git.run(Command.of("git", "tag", version[0]).inDirectory(repo)).requireSuccess();
        }
        return repo;
    }

    @Test
    void envWrittenThroughTheServersLinkLandsInTheCanonicalPath() throws Exception {
        TestRunContext run = runContext("701");
        new WorkspaceExtension().beforeRun(run);
        RunWorkspace ws = run.store().require(RunWorkspace.class);

        Path viaLink = ws.abraDir().resolve("servers/default/" + DOMAIN + ".env");
        Files.writeString(viaLink, "TYPE=demo:1.0.0\n");

        Path canonicalEnv = canonical().resolve("servers/default/" + DOMAIN + ".env");
        assertThat(canonicalEnv).isRegularFile().hasContent("TYPE=demo:1.0.0");
        assertThat(Files.isSymbolicLink(canonicalEnv)).isFalse();
    }

    @Test
    void manualRunsGetPidSuffixedDirsAndStateFiles() throws Exception {
        // The engine names a run without a build number manual-<pid>; the workspace follows the
        // run directory it is given and keys its state files by run id and pid as well.
        String runId = "manual-" + ProcessHandle.current().pid();
        TestRunContext run = runContext(runId);
        new WorkspaceExtension().beforeRun(run);
        RunWorkspace ws = run.store().require(RunWorkspace.class);

        assertThat(ws.abraDir()).isEqualTo(tmp.resolve("runs").resolve(runId).resolve("abra"));
        assertThat(ws.stateFiles().deployCount().getFileName().toString())
                .isEqualTo("deploy-count-" + runId + "-" + ProcessHandle.current().pid());
        assertThat(ws.childEnvironment().values()).allSatisfy(path -> assertThat(path).contains(runId));
        assertThat(ws.childEnvironment().values()).noneSatisfy(path -> assertThat(path).contains(DOMAIN));

        new WorkspaceExtension().afterRun(run);
        assertThat(ws.stateFiles().deployCount()).doesNotExist();
        assertThat(ws.stateFiles().opState()).doesNotExist();
    }
}
