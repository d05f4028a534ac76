package org.coopcloud.ccci.harness.posix;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Loads jnr (libc bindings, generated at run time, so no class-data sharing archive holds them) on
 * a background thread as soon as the launcher session opens, while the main thread does discovery:
 * the lifetime guards and the app lock need it before the first abra call, and it costs about
 * 0.3 s of class loading and code generation (docs/performance.md). {@link Posix#get()} is a
 * synchronised singleton, so the first real use simply waits for this load to finish; a failure
 * here is ignored and met again, and reported, by that real use. {@code -Dccci.native.warmup=false}
 * turns it off (the launch benchmark measures with and without).
 */
public final class NativeWarmUp implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if ("false".equals(System.getProperty("ccci.native.warmup"))) {
            return;
        }
        Thread warmUp = new Thread(() -> {
            try {
                Posix.get();
            } catch (RuntimeException | LinkageError ignored) {
                // The real use reports it.
            }
        }, "ccci-native-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }
}
