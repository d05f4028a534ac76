package org.coopcloud.ccci.engine.testing;

import java.nio.file.Path;
import org.coopcloud.ccci.engine.Constants;
import org.junit.platform.testkit.engine.EngineTestKit;

/** An {@link EngineTestKit} builder for the cc-ci engine over the fixture tiers, writing into a temp runs dir. */
public final class EngineRuns {
    public static final String FIXTURES = "org.coopcloud.ccci.engine.fixtures.ladder";

    private EngineRuns() {
    }

    public static EngineTestKit.Builder kit(Path runsDir) {
        return EngineTestKit.engine(Constants.ENGINE_ID)
                .enableImplicitConfigurationParameters(false)
                .configurationParameter(Constants.SCAN_PACKAGES, FIXTURES)
                .configurationParameter(Constants.RUNS_DIR, runsDir.toString())
                .configurationParameter(Constants.RUN_ID, "t1");
    }
}
