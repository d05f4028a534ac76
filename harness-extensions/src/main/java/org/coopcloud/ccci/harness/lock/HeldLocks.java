package org.coopcloud.ccci.harness.lock;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner of record of every app lock this process took, for the rest of its life. Never
 * cleared: a raw fd has no cleaner, but an owner object that became unreachable would invite
 * someone to add one, and a dropped lock is silent. Keyed by lockfile path, so a second run of the
 * same domain in this JVM (serialised by the engine) reuses the lock instead of waiting on itself.
 */
final class HeldLocks {
    private static final Map<Path, AppLock> BY_PATH = new ConcurrentHashMap<>();

    private HeldLocks() {
    }

    static Optional<AppLock> of(Path lockFile) {
        return Optional.ofNullable(BY_PATH.get(lockFile));
    }

    static void keep(AppLock lock) {
        BY_PATH.put(lock.path(), lock);
    }
}
