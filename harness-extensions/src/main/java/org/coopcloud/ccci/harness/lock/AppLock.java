package org.coopcloud.ccci.harness.lock;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A held app-domain lock: the open file description the kernel ties the flock to. There is no
 * release method: the lock ends when the process does, however it ends, which is what makes "the
 * lock is held" mean "its run is alive". Instances stay referenced by {@link HeldLocks}.
 */
public final class AppLock {
    private final String domain;
    private final Path path;
    private final int fd;
    private final Instant acquiredAt;

    AppLock(String domain, Path path, int fd, Instant acquiredAt) {
        this.domain = domain;
        this.path = path;
        this.fd = fd;
        this.acquiredAt = acquiredAt;
    }

    public String domain() {
        return domain;
    }

    public Path path() {
        return path;
    }

    public Instant acquiredAt() {
        return acquiredAt;
    }

    int fd() {
        return fd;
    }

    @Override
    public String toString() {
        return "app lock " + path + " (fd " + fd + ", since " + acquiredAt + ")";
    }
}
