package org.coopcloud.ccci.harness.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWorkspaceBuilderTest {
    @TempDir
    Path dir;

    @Test
    void buildsLinksAndStateFilesAndExportsThemByExactPath() throws Exception {
        Path canonical = dir.resolve("home/.abra");
        Path runDir = dir.resolve("runs/41");
        RunWorkspace ws = new RunWorkspaceBuilder(canonical).build("41", runDir, 777);

        assertThat(Files.readSymbolicLink(ws.abraDir().resolve("servers"))).isEqualTo(canonical.resolve("servers"));
        assertThat(Files.readSymbolicLink(ws.abraDir().resolve("catalogue"))).isEqualTo(canonical.resolve("catalogue"));
        assertThat(ws.abraDir().resolve("servers/default")).isDirectory();
        assertThat(ws.abraDir().resolve("recipes")).isEmptyDirectory();
        assertThat(ws.childEnvironment()).containsEntry("ABRA_DIR", runDir.resolve("abra").toString())
                .containsEntry("CCCI_DEPLOY_COUNT_FILE", runDir.resolve("state/deploy-count-41-777").toString())
                .containsEntry("CCCI_OP_STATE_FILE", runDir.resolve("state/op-state-41-777.json").toString())
                .containsEntry("CCCI_DEPS_FILE", runDir.resolve("state/deps-41-777.json").toString())
                .containsEntry("CCCI_DEPS_SKIP_REPORT", runDir.resolve("state/deps-skip-41-777.txt").toString());
        assertThat(ws.stateFiles().deployCount()).hasContent("0");
        assertThat(ws.stateFiles().opState()).hasContent("{}");
        assertThat(ws.stateFiles().depsSkipReport()).doesNotExist();

        ws.removeStateFiles();
        assertThat(ws.stateFiles().deployCount()).doesNotExist();
        assertThat(ws.stateFiles().opState()).doesNotExist();
    }

    @Test
    void sameRunIdAgainIsIdempotent() throws Exception {
        Path canonical = dir.resolve(".abra");
        RunWorkspaceBuilder builder = new RunWorkspaceBuilder(canonical);
        RunWorkspace first = builder.build("7", dir.resolve("runs/7"), 1);
        Files.createDirectories(first.recipeDir("demo"));
        RunWorkspace again = builder.build("7", dir.resolve("runs/7"), 2);
        assertThat(again.abraDir()).isEqualTo(first.abraDir());
        assertThat(again.recipeDir("demo")).isDirectory();
        assertThat(again.stateFiles().deployCount()).isNotEqualTo(first.stateFiles().deployCount());
    }

    @Test
    void refusesToReplaceARealServersDirectory() throws Exception {
        Files.createDirectories(dir.resolve("runs/8/abra/servers"));
        assertThatThrownBy(() -> new RunWorkspaceBuilder(dir.resolve(".abra")).build("8", dir.resolve("runs/8"), 1))
                .isInstanceOf(FileAlreadyExistsException.class);
    }
}
