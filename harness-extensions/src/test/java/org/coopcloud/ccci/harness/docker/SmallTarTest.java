package org.coopcloud.ccci.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-file tar the archive endpoints take: GNU tar must read it, and we must read tar's. */
class SmallTarTest {
    @TempDir
    Path dir;

    @Test
    void gnuTarReadsTheFileBackExactly() throws Exception {
        byte[] content = "ccci marker é\n".repeat(50).getBytes(StandardCharsets.UTF_8); // more than a block
        Path tar = Files.write(dir.resolve("m.tar"), SmallTar.of(".cc-ci-marker", content, 1_700_000_000L));

        Process list = new ProcessBuilder("tar", "-tvf", tar.toString()).redirectErrorStream(true).start();
        String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(list.exitValue()).as(listing).isZero();
        assertThat(listing).contains("-rw-r--r--", ".cc-ci-marker", String.valueOf(content.length));
        Process extract = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", dir.toString()).start();
        assertThat(extract.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllBytes(dir.resolve(".cc-ci-marker"))).isEqualTo(content);
    }

    @Test
    void readsTheFirstFileOfATarGnuTarWrote() throws Exception {
        Files.writeString(dir.resolve("f"), "hello");
        Process create = new ProcessBuilder("tar", "-cf", "out.tar", "f").directory(dir.toFile()).start();
        assertThat(create.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(SmallTar.firstFile(Files.readAllBytes(dir.resolve("out.tar")))).hasValue("hello".getBytes());
        assertThat(SmallTar.firstFile(new byte[1024])).as("no entry").isEmpty();
        assertThatThrownBy(() -> SmallTar.of("a/b", new byte[0], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmallTar.of(java.util.Map.of("../b", new byte[0]), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severalFilesInDirectoriesThatAreThereAndNoDirectoryEntries() throws Exception {
        Files.createDirectories(dir.resolve("x/0"));
        Files.createDirectories(dir.resolve("x/1"));
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("0/.m", "zero".getBytes());
        files.put("1/.m", "one".getBytes());
        Path tar = Files.write(dir.resolve("m.tar"), SmallTar.of(files, 1_700_000_000L));

        Process list = new ProcessBuilder("tar", "-tf", tar.toString()).start();
        assertThat(new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0/.m\n1/.m\n");
        Process extract = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", dir.resolve("x").toString()).start();
        assertThat(extract.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("x/0/.m"))).isEqualTo("zero");
        assertThat(Files.readString(dir.resolve("x/1/.m"))).isEqualTo("one");
    }
}
