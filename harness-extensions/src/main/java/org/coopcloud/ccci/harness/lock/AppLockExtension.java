package org.coopcloud.ccci.harness.lock;

import java.util.Map;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.harness.posix.PosixException;

/**
 * Takes the run's app-domain lock before anything of the app exists, so a concurrent janitor never
 * sees the app without a held lock, and a second run of the same domain (a double {@code !testme})
 * waits here, visibly, before creating anything. There is no afterRun: the lock ends with the
 * process. The lock goes into the run's store as {@link AppLock}.
 */
public final class AppLockExtension implements BeforeRunCallback {
    @Override
    public int order() {
        return ExtensionOrder.APP_LOCK;
    }

    @Override
    public void beforeRun(RunContext run) throws InterruptedException {
        AppLocker locker = new AppLocker(LockDirectory.from(run.settings()), LockOwners.from(run.settings()));
        long start = System.nanoTime();
        AppLock lock;
        try {
            lock = locker.acquire(run.domain(), (domain, path) -> run.events().emit("lock.waiting",
                    Map.of("domain", domain, "path", path.toString())));
        } catch (PosixException e) {
            throw new InfrastructureException("cannot take the app lock of " + run.domain() + ": " + e.getMessage(), e);
        }
        run.store().put(AppLock.class, lock);
        run.events().emit("lock.acquired", Map.of("domain", lock.domain(), "path", lock.path().toString(),
                "waitedMillis", (System.nanoTime() - start) / 1_000_000));
    }
}
