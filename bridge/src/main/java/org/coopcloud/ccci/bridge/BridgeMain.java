package org.coopcloud.ccci.bridge;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.coopcloud.ccci.bridge.config.BridgeConfig;
import org.coopcloud.ccci.bridge.config.ConfigException;
import org.coopcloud.ccci.bridge.http.RetryPolicy;

/**
 * {@code bin/ccci bridge --config FILE}: runs the bridge until SIGTERM or SIGINT. Takes no token on
 * the command line (argv is readable by every user in /proc): the config names files or env vars.
 * Exit status 2 for bad usage or configuration, before anything is contacted.
 */
public final class BridgeMain {

    private BridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: bin/ccci bridge --config FILE   (keys and format: docs/operations.md)");
            System.exit(2);
        }
        BridgeConfig config;
        try {
            config = BridgeConfig.load(Path.of(args[1]), System.getenv());
        } catch (ConfigException e) {
            System.err.println("ccci bridge: " + e.getMessage());
            System.exit(2);
            return;
        }
        Bridge bridge = new Bridge(config, RetryPolicy.production(config.httpAttempts(), config.httpTimeout()),
                Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        // Straight to stderr, not through java.util.logging: the LogManager's own shutdown hook runs
        // concurrently with this one and resets its handlers, so a log record here is lost at random.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("ccci bridge: stopping: closing the record");
            try {
                bridge.close();
            } catch (Exception e) {
                System.err.println("ccci bridge: closing the record failed: " + e.getMessage());
            }
            stopped.countDown();
        }, "ccci-bridge-shutdown"));
        bridge.start();
        stopped.await();
    }
}
