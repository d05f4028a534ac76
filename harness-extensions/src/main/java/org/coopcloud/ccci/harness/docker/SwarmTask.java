package org.coopcloud.ccci.harness.docker;

import java.time.Instant;

/**
 * One task of a service ({@code GET /tasks}): a slot's attempt to run a container.
 *
 * @param state        {@code Status.State}: new, pending, assigned, accepted, preparing, starting,
 *                     running, complete, failed, shutdown, rejected, orphaned, remove
 * @param desiredState what the orchestrator wants it to be (running or shutdown)
 * @param error        {@code Status.Err}, e.g. "task: non-zero exit (3)" or "No such image: x";
 *                     empty when none
 * @param message      {@code Status.Message}, e.g. "started" or "shutdown"
 * @param containerId  empty until a container was created
 * @param createdAt    {@code CreatedAt}: when the orchestrator made the task (a restart makes a new one)
 * @param timestamp    {@code Status.Timestamp}: when the task last changed state
 * @param healthChecked its container has a health check ({@code Spec.ContainerSpec.Healthcheck}),
 *                     so the swarm holds it in {@code starting} until healthy: {@code running}
 *                     then already means healthy
 */
public record SwarmTask(
        String id,
        String serviceId,
        long slot,
        String state,
        String desiredState,
        String error,
        String message,
        String containerId,
        Instant createdAt,
        Instant timestamp,
        boolean healthChecked) {

    /** Ended by itself or refused by the node: the attempts a restart policy counts. */
    public boolean hasFailed() {
        return "failed".equals(state) || "rejected".equals(state);
    }

    public boolean isRunning() {
        return "running".equals(state) && "running".equals(desiredState);
    }
}
