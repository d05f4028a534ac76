package org.coopcloud.ccci.harness.posix;

/**
 * The libc numbers this package passes to the kernel, for Linux on x86_64 (and every other Linux
 * architecture that uses the asm-generic values: aarch64 has the same numbers except O_NOFOLLOW).
 * Written out rather than read from jnr-constants so the values are visible next to the calls;
 * {@code LinuxConstantsTest} checks them against jnr-constants' platform tables on the build machine.
 */
public final class LinuxConstants {
    // <asm-generic/fcntl.h>, octal as in the header.
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;

    // <sys/file.h>
    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;

    // <asm-generic/errno-base.h>, <asm-generic/errno.h>. EWOULDBLOCK is EAGAIN on Linux.
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ELOOP = 40;

    // <linux/prctl.h>
    public static final int PR_SET_PDEATHSIG = 1;

    // <asm/signal.h>
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private LinuxConstants() {
    }
}
