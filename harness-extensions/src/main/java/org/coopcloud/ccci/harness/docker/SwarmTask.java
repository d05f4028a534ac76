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
 * @param timestamp    {@code Status.Timestamp}: when the task last changed state
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
        Instant timestamp) {

    public boolean isRunning() {
        return "running".equals(state) && "running".equals(desiredState);
    }
}
