package org.coopcloud.ccci.harness.posix;

import java.io.IOException;

/** A libc call failed; carries the errno so callers can tell "held" or "absent" from real errors. */
public final class PosixException extends IOException {
    private final int errno;

    public PosixException(String call, String subject, int errno) {
        super(call + "(" + subject + ") failed: errno " + errno + " (" + describe(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    private static String describe(int errno) {
        try {
            return jnr.constants.platform.Errno.valueOf(errno).description();
        } catch (RuntimeException unknown) {
            return "unknown";
        }
    }
}
