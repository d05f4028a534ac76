package org.coopcloud.ccci.harness.docker;

import java.util.Map;

/**
 * A container as {@code GET /containers/json?all=true} lists it.
 *
 * @param name  the first name, without the leading slash
 * @param state created, running, paused, restarting, removing, exited or dead
 */
public record ContainerSummary(String id, String name, String state, Map<String, String> labels) {
}
