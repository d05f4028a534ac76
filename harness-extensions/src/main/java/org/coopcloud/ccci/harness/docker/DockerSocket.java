package org.coopcloud.ccci.harness.docker;

import java.nio.file.Path;
import java.util.Map;

/** Where the daemon's unix socket is: {@code DOCKER_HOST=unix://...} if set, else the default. */
public final class DockerSocket {
    public static final Path DEFAULT = Path.of("/var/run/docker.sock");

    private DockerSocket() {
    }

    public static Path fromEnvironment() {
        return resolve(System.getenv());
    }

    /**
     * @throws IllegalArgumentException DOCKER_HOST names something other than a unix socket
     *                                  (tcp:// or ssh:// are not supported by this client)
     */
    public static Path resolve(Map<String, String> environment) {
        String host = environment.getOrDefault("DOCKER_HOST", "").trim();
        if (host.isEmpty()) {
            return DEFAULT;
        }
        if (!host.startsWith("unix://") || host.length() == "unix://".length()) {
            throw new IllegalArgumentException("DOCKER_HOST=" + host
                    + " is not supported: cc-ci talks to the daemon over a unix socket (unix:///path)");
        }
        return Path.of(host.substring("unix://".length()));
    }
}
