package org.coopcloud.ccci.harness.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void namesLockFilesByDomainAndReadsThemBack() throws Exception {
        LockDirectory locks = new LockDirectory(dir);
        Path file = locks.lockFileOf("abcd-123456.ci.test");
        assertThat(file).isEqualTo(dir.resolve("cc-ci-app-abcd-123456.ci.test.lock"));
        assertThat(LockDirectory.domainOf(file)).contains("abcd-123456.ci.test");
        Files.createFile(file);
        Files.createFile(dir.resolve("other.lock"));
        assertThat(locks.lockFiles()).containsExactly(file);
        assertThat(new LockDirectory(dir.resolve("missing")).lockFiles()).isEmpty();
    }

    @Test
    void refusesDomainsThatWouldEscapeTheDirectory() {
        assertThatThrownBy(() -> new LockDirectory(dir).lockFileOf("../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
