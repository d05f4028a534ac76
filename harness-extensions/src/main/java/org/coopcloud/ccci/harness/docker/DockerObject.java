package org.coopcloud.ccci.harness.docker;

import java.util.Map;

/**
 * A network, volume, secret or config: all the harness needs of them is what to call them, how
 * to remove them and whose they are. For volumes, {@code id} is the name (volumes have no id).
 */
public record DockerObject(String id, String name, Map<String, String> labels) {
}
