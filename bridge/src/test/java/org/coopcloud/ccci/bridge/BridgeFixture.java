package org.coopcloud.ccci.bridge;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.coopcloud.ccci.bridge.config.BridgeConfig;
import org.coopcloud.ccci.bridge.doubles.DashboardDouble;
import org.coopcloud.ccci.bridge.doubles.DroneDouble;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble;
import org.coopcloud.ccci.bridge.http.RetryPolicy;

/**
 * The doubles of Gitea, Drone and the dashboard on loopback, the tokens they expect (random, so a
 * test can look for them in logs), and a configuration of the bridge against them.
 */
public final class BridgeFixture implements AutoCloseable {
    public static final String REPO = "recipes/demo-web";
    public static final String RECIPE = "demo-web";
    public static final String ORG = "coop-cloud";
    public static final String DRONE_REPO = "coop-cloud/cc-ci";
    public static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(3), Duration.ofSeconds(2));

    public final String giteaToken = "gitea-" + UUID.randomUUID();
    public final String droneToken = "drone-" + UUID.randomUUID();
    public final String hookSecret = "hook-" + UUID.randomUUID();
    public final GiteaDouble gitea;
    public final DroneDouble drone;
    public final DashboardDouble dashboard;
    public final Path db;

    public BridgeFixture(Path dir) throws Exception {
        gitea = new GiteaDouble(giteaToken);
        drone = new DroneDouble(droneToken, DRONE_REPO);
        dashboard = new DashboardDouble();
        db = dir.resolve("bridge.db");
    }

    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("T_GITEA", giteaToken);
        env.put("T_DRONE", droneToken);
        env.put("T_HOOK", hookSecret);
        return env;
    }

    /** The config keys of a bridge against the doubles; {@code webhook} adds the endpoint on a free port. */
    public Properties properties(boolean webhook) {
        Properties p = new Properties();
        p.setProperty("gitea.url", gitea.url().toString());
        p.setProperty("gitea.token.env", "T_GITEA");
        p.setProperty("repos", REPO);
        p.setProperty("org", ORG);
        p.setProperty("allowlist", "trusted-outsider");
        p.setProperty("drone.url", drone.url().toString());
        p.setProperty("drone.repo", DRONE_REPO);
        p.setProperty("drone.token.env", "T_DRONE");
        p.setProperty("dashboard.url", dashboard.url().toString());
        p.setProperty("poll.interval.seconds", "1");
        p.setProperty("results.grace.minutes", "0");
        p.setProperty("state.db", db.toString());
        if (webhook) {
            p.setProperty("webhook.port", "0");
            p.setProperty("webhook.secret.env", "T_HOOK");
        }
        return p;
    }

    public Bridge bridge(boolean webhook) throws Exception {
        return new Bridge(BridgeConfig.parse(properties(webhook), env()), FAST, Clock.systemUTC());
    }

    @Override
    public void close() {
        gitea.close();
        drone.close();
        dashboard.close();
    }
}
