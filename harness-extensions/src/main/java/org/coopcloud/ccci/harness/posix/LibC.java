package org.coopcloud.ccci.harness.posix;

import jnr.ffi.annotations.SaveError;

/** The libc functions jnr-posix does not wrap. Loaded through jnr-ffi by {@link Posix}. */
public interface LibC {
    /** prctl(2); the variadic tail is passed as four longs, which is what the x86_64 ABI expects. */
    @SaveError
    int prctl(int option, long arg2, long arg3, long arg4, long arg5);
}
