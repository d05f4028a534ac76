package org.coopcloud.ccci.harness.docker;

import java.util.Map;

/**
 * A container as {@code GET /containers/json?all=true} lists it.
 *
 * @param name  the first name, without the leading slash
 * @param state   created, running, paused, restarting, removing, exited or dead
 * @param imageId the id of the image it was made from ({@code sha256:...}), so an image that is on the
 *                node holding the container
 * @param volumes the named volumes it mounts
 */
public record ContainerSummary(String id, String name, String state, Map<String, String> labels, String imageId,
        java.util.List<String> volumes) {
    public ContainerSummary(String id, String name, String state, Map<String, String> labels) {
        this(id, name, state, labels, "", java.util.List.of());
    }
}
