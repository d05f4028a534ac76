package org.coopcloud.ccci.harness.janitor;

import java.util.List;

/**
 * Port: where the janitor learns which apps exist. The platform implements it over
 * {@code abra app ls} and the daemon's object lists; the janitor itself matches the names against
 * the run-app patterns, so an implementation returns everything it sees. Either method may throw:
 * the janitor logs it and goes on with the other source (abra's listing has failed in the past
 * while the swarm sweep still worked). An {@link InterruptedException} is the run's abort and ends
 * the sweep.
 */
public interface AppDiscovery {
    /** App names (domains) from {@code abra app ls}, on cc-ci's own abra server only. */
    List<String> abraAppNames() throws Exception;

    /**
     * Names of every object kind a stack leaves on the daemon: services, containers, networks,
     * volumes, secrets, configs ({@code <stack>_<name>}, containers {@code <stack>_<service>.<slot>.<id>}),
     * plus the values of their {@code com.docker.stack.namespace} labels ({@code <stack>}). Catches
     * stacks whose .env is gone and leftovers without any service (a volume still in use when
     * teardown gave up, a secret abra created before the deploy failed).
     */
    List<String> swarmObjectNames() throws Exception;
}
