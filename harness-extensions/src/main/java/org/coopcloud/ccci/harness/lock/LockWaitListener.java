package org.coopcloud.ccci.harness.lock;

import java.nio.file.Path;

/** Told once when an acquisition has to wait for another run of the same domain. */
@FunctionalInterface
public interface LockWaitListener {
    LockWaitListener NONE = (domain, path) -> { };

    void waiting(String domain, Path lockFile);
}
