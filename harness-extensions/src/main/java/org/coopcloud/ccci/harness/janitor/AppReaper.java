package org.coopcloud.ccci.harness.janitor;

/**
 * Port: removes an orphaned run app (its stack, volumes, secrets, configs, networks and .env),
 * tolerating an app that is already half gone. Called while the janitor holds the app's lock, so a
 * new run of the domain waits until it returns. Implemented by the real-platform issue.
 */
@FunctionalInterface
public interface AppReaper {
    void reap(String domain) throws Exception;
}
