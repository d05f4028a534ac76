package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doubles started for each test (with {@code alice} a member of the organisation), the bridge
 * the test makes closed after it, and one check after every test: no token or secret reached a
 * log line or a logged exception, whatever the test did.
 */
abstract class BridgeTestBase {
    @TempDir
    Path dir;
    BridgeFixture f;
    Bridge bridge;
    LogCapture logs;

    @BeforeEach
    void startDoubles() throws Exception {
        logs = new LogCapture();
        f = new BridgeFixture(dir);
        f.gitea.member("alice");
    }

    @AfterEach
    void stopAndCheckLogs() throws Exception {
        try {
            if (bridge != null) {
                bridge.close();
            }
            f.close();
            assertThat(logs.text()).doesNotContain(f.giteaToken).doesNotContain(f.droneToken).doesNotContain(f.hookSecret);
        } finally {
            logs.close();
        }
    }
}
