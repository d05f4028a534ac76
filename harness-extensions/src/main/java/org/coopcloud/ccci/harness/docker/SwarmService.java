package org.coopcloud.ccci.harness.docker;

import java.util.Map;
import java.util.Optional;

/**
 * A swarm service as {@code GET /services?status=true} reports it: the counts convergence is
 * judged by, and the update's state.
 *
 * @param updateState   {@code UpdateStatus.State} ({@code updating}, {@code paused},
 *                      {@code completed}, {@code rollback_started}, {@code rollback_paused},
 *                      {@code rollback_completed}), empty when the service has never been updated
 *                      or was redeployed with an identical spec
 * @param updateMessage {@code UpdateStatus.Message}, empty when absent
 * @param taskSpecChanged the last change of the service's spec changed its task template
 *                      ({@code PreviousSpec.TaskTemplate} differs from {@code Spec.TaskTemplate}):
 *                      the swarm must replace its tasks, so an absent update state then means the
 *                      update has not started yet, not that there is none
 */
public record SwarmService(
        String id,
        String name,
        Map<String, String> labels,
        long runningTasks,
        long desiredTasks,
        Optional<String> updateState,
        String updateMessage,
        boolean taskSpecChanged) {

    public String stack() {
        return labels.getOrDefault(DockerClient.STACK_LABEL, "");
    }

    /** The name inside its stack ({@code app} for {@code mystack_app}). */
    public String shortName() {
        String stack = stack();
        return !stack.isEmpty() && name.startsWith(stack + "_") ? name.substring(stack.length() + 1) : name;
    }
}
