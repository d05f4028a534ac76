package org.coopcloud.ccci.harness.posix;

import static org.assertj.core.api.Assertions.assertThat;

import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.constants.platform.Signal;
import org.junit.jupiter.api.Test;

/** Our written-out libc numbers must be the platform's (jnr-constants reads them for this machine). */
class LinuxConstantsTest {
    @Test
    void openFlagsMatchThePlatform() {
        assertThat(LinuxConstants.O_RDWR).isEqualTo(OpenFlags.O_RDWR.intValue());
        assertThat(LinuxConstants.O_CREAT).isEqualTo(OpenFlags.O_CREAT.intValue());
        assertThat(LinuxConstants.O_NOFOLLOW).isEqualTo(OpenFlags.O_NOFOLLOW.intValue());
        assertThat(LinuxConstants.O_CLOEXEC).isEqualTo(OpenFlags.O_CLOEXEC.intValue());
    }

    @Test
    void errnoAndSignalNumbersMatchThePlatform() {
        assertThat(LinuxConstants.ENOENT).isEqualTo(Errno.ENOENT.intValue());
        assertThat(LinuxConstants.ESRCH).isEqualTo(Errno.ESRCH.intValue());
        assertThat(LinuxConstants.EINTR).isEqualTo(Errno.EINTR.intValue());
        assertThat(LinuxConstants.EAGAIN).isEqualTo(Errno.EAGAIN.intValue()).isEqualTo(Errno.EWOULDBLOCK.intValue());
        assertThat(LinuxConstants.ELOOP).isEqualTo(Errno.ELOOP.intValue());
        assertThat(LinuxConstants.SIGTERM).isEqualTo(Signal.SIGTERM.intValue());
        assertThat(LinuxConstants.SIGKILL).isEqualTo(Signal.SIGKILL.intValue());
    }
}
