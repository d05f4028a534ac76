package org.coopcloud.ccci.engine.api;

import java.util.Optional;

/**
 * Configuration as every part of cc-ci reads it: the JUnit configuration parameter first (what
 * Surefire, IDEs and {@code bin/ccci} pass), then the environment variable (what Drone sets).
 * Blank values count as absent.
 */
public interface Settings {
    Optional<String> get(String parameter, String envVar);

    /** The raw environment variable, for variables that have no parameter (DRONE_BUILD_NUMBER). */
    Optional<String> env(String envVar);
}
