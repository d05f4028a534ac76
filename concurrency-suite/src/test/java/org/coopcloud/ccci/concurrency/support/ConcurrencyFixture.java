package org.coopcloud.ccci.concurrency.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockOwners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every case gets: a private lock directory (never /run/lock) and a helper pool that is
 * emptied, grandchildren included, after the test.
 */
public abstract class ConcurrencyFixture {
    /** A run-app domain under the default suffix, as RunNaming makes them. */
    protected static final String DOMAIN = "demo-abc123.ci.test";

    @TempDir
    protected Path tmp;

    protected Path lockDir;
    protected LockDirectory locks;
    protected HelperProcesses helpers;
    /** Where this case's runs record their lock directory (the helpers get it as CCCI_LOCK_OWNERS_DIR). */
    protected LockOwners owners;

    @BeforeEach
    void createFixture() throws Exception {
        lockDir = Files.createDirectories(tmp.resolve("locks"));
        locks = new LockDirectory(lockDir);
        helpers = new HelperProcesses(lockDir, tmp);
        owners = new LockOwners(tmp.resolve("lock-owners"));
    }

    @AfterEach
    void reapHelpers() {
        helpers.close();
        RunAbort.resetForTesting();
    }

    protected Path lockFile() {
        return locks.lockFileOf(DOMAIN);
    }
}
