package org.coopcloud.ccci.harness.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canonical restore's private ABRA_DIR lives under one known directory named after its owner, so
 * one left by a process killed mid-restore (SIGKILL: no close) is reclaimed by the janitor, while a
 * live owner's stays, and the links into the host's abra home are removed, never followed.
 */
class PrivateAbraDirTest {
    @TempDir
    Path tmp;

    @Test
    void theDirOfAKilledOwnerIsReclaimedALiveOnesStaysAndTheAbraHomeIsUntouched() throws Exception {
        Path home = tmp.resolve("ccci-canonical-abra");
        Path abraHome = tmp.resolve("abra-home");
        Path env = Files.createDirectories(abraHome.resolve("servers/default")).resolve("demo-web.canonical.ci.test.env");
        Files.writeString(env, "TYPE=demo-web\n");
        PrivateAbraDir mine = PrivateAbraDir.create(home, abraHome);
        // A process that made one and was killed before it could remove it.
        Process killed = new ProcessBuilder("sleep", "60").start();
        long pid = killed.pid();
        long start = killed.info().startInstant().orElseThrow().toEpochMilli();
        Path left = Files.createDirectories(home.resolve(pid + "-" + start + "-0badc0de"));
        Files.createSymbolicLink(left.resolve("servers"), abraHome.resolve("servers"));
        Files.createDirectories(left.resolve("recipes/demo-web"));
        assertThat(PrivateAbraDir.reclaimDead(home)).as("its owner still lives").isEmpty();
        killed.destroyForcibly();
        assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(PrivateAbraDir.reclaimDead(home)).containsExactly(left);

        assertThat(left).doesNotExist();
        assertThat(mine.path()).as("a live owner's").isDirectory();
        assertThat(env).as("the links were removed, not followed").hasContent("TYPE=demo-web\n");
        mine.close();
        assertThat(mine.path()).doesNotExist();
    }
}
