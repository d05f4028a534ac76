package org.coopcloud.ccci.harness.janitor;

import java.util.List;

/**
 * Port: where the janitor learns which apps exist. The real-platform issue implements it over
 * {@code abra app ls} and the swarm's service list; the janitor itself matches the names against
 * the run-app patterns, so an implementation returns everything it sees. Either method may throw:
 * the janitor logs it and goes on with the other source (abra's listing has failed in the past
 * while the service sweep still worked).
 */
public interface AppDiscovery {
    /** App names (domains) from {@code abra app ls}. */
    List<String> abraAppNames() throws Exception;

    /** Swarm service names ({@code <stack>_<service>}): catches stacks whose .env is already gone. */
    List<String> swarmServiceNames() throws Exception;
}
