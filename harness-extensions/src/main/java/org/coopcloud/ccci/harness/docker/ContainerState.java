package org.coopcloud.ccci.harness.docker;

import java.time.Instant;

/**
 * A container's own record of its process ({@code State} of {@code GET /containers/{id}/json}):
 * whether it runs now and when it last exited (the year 1 when it never has: the daemon's zero time). It changes
 * the moment the process exits; a swarm task's state follows later.
 */
public record ContainerState(boolean running, Instant finishedAt) {
}
