package org.coopcloud.ccci.harness.app;

import java.time.Duration;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.profile.RecipeProfile;

/** Polls a converged app's health check (its profile's) until it answers or the profile's health timeout passes. */
public final class ServingWait {
    private static final Duration POLL = Duration.ofMillis(500);

    private ServingWait() {
    }

    /** The last answer: healthy, or what it said when the time ran out. */
    public static HealthCheckResult await(RecipeApp app, RecipeProfile profile) throws InterruptedException {
        long deadline = System.nanoTime() + profile.healthTimeout().toNanos();
        HealthCheckResult last;
        do {
            last = app.checkHealth(profile);
            if (last.healthy()) {
                return last;
            }
            Thread.sleep(POLL.toMillis());
        } while (System.nanoTime() < deadline);
        return last;
    }
}
