package org.coopcloud.ccci.harness.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libc layer against the real kernel. */
class PosixTest {
    private final Posix posix = Posix.get();

    @TempDir
    Path dir;

    @Test
    void lockFileFdIsCloseOnExec() throws Exception {
        int fd = posix.openLockFile(dir.resolve("a.lock"));
        try {
            // /proc/self/fdinfo/<fd> "flags:" is the open file's flags in octal, O_CLOEXEC included.
            List<String> info = Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd));
            int flags = info.stream().filter(l -> l.startsWith("flags:")).map(l -> Integer.parseInt(l.substring(6).trim(), 8))
                    .findFirst().orElseThrow();
            assertThat(flags & LinuxConstants.O_CLOEXEC).isNotZero();
        } finally {
            posix.close(fd);
        }
    }

    @Test
    void symlinkAtTheLockPathIsRefusedNotFollowed() throws Exception {
        Path target = Files.writeString(dir.resolve("victim"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("b.lock"), target);
        assertThatThrownBy(() -> posix.openLockFile(link)).isInstanceOf(PosixException.class)
                .satisfies(e -> assertThat(((PosixException) e).errno()).isEqualTo(LinuxConstants.ELOOP));
        assertThat(Files.readString(target)).isEqualTo("keep");
    }

    @Test
    void twoOpenFileDescriptionsInOneProcessConflict() throws Exception {
        Path path = dir.resolve("c.lock");
        int first = posix.openLockFile(path);
        int second = posix.openLockFile(path);
        try {
            assertThat(posix.tryLockExclusive(first)).isTrue();
            assertThat(posix.tryLockExclusive(second)).isFalse();
            posix.close(first);
            assertThat(posix.tryLockExclusive(second)).isTrue();
        } finally {
            posix.close(second);
        }
    }

    @Test
    void identityOfFdAndPathAgreeUntilThePathIsReplaced() throws Exception {
        Path path = dir.resolve("d.lock");
        int fd = posix.openLockFile(path);
        try {
            assertThat(posix.identityOf(path)).contains(posix.identityOf(fd));
            assertThat(posix.unlink(path)).isTrue();
            assertThat(posix.identityOf(path)).isEmpty();
            assertThat(posix.unlink(path)).isFalse();
            int fresh = posix.openLockFile(path);
            try {
                assertThat(posix.identityOf(path)).isPresent().get().isNotEqualTo(posix.identityOf(fd));
            } finally {
                posix.close(fresh);
            }
        } finally {
            posix.close(fd);
        }
    }

    @Test
    void touchSetsModificationTimeToNow() throws Exception {
        Path path = dir.resolve("e.lock");
        int fd = posix.openLockFile(path);
        try {
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().minusSeconds(7200)));
            posix.touch(fd);
            long mtime = posix.modifiedEpochSeconds(path).orElseThrow();
            assertThat(Instant.ofEpochSecond(mtime)).isAfter(Instant.now().minusSeconds(60));
        } finally {
            posix.close(fd);
        }
    }

    @Test
    void processCallsAnswerForThisProcess() throws Exception {
        assertThat(posix.pid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(posix.parentPid()).isEqualTo((int) ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(posix.kill(Integer.MAX_VALUE - 1, 0)).isFalse();
    }
}
