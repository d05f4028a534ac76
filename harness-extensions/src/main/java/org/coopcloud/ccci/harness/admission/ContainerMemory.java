package org.coopcloud.ccci.harness.admission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A container's memory as its cgroup counts it, read from the cgroup file system (cheap: no Docker
 * API call): the current usage and the peak since it started. Both cgroup versions and both of
 * Docker's cgroup drivers are read: v2 {@code memory.current}/{@code memory.peak} (the peak needs
 * Linux 5.19), v1 {@code memory.usage_in_bytes}/{@code memory.max_usage_in_bytes}, under
 * {@code docker/<id>} (cgroupfs driver) or {@code system.slice/docker-<id>.scope} (systemd driver).
 * Empty when the container's cgroup is not found (gone, or a layout not listed here).
 */
final class ContainerMemory {
    private final Path cgroupRoot;

    ContainerMemory(Path cgroupRoot) {
        this.cgroupRoot = cgroupRoot;
    }

    static ContainerMemory host() {
        return new ContainerMemory(Path.of("/sys/fs/cgroup"));
    }

    Optional<Long> usage(String containerId) {
        return read(containerId, "memory.current", "memory.usage_in_bytes");
    }

    Optional<Long> peak(String containerId) {
        return read(containerId, "memory.peak", "memory.max_usage_in_bytes");
    }

    private Optional<Long> read(String id, String v2File, String v1File) {
        List<Path> candidates = List.of(
                cgroupRoot.resolve("docker").resolve(id).resolve(v2File),
                cgroupRoot.resolve("system.slice").resolve("docker-" + id + ".scope").resolve(v2File),
                cgroupRoot.resolve("memory").resolve("docker").resolve(id).resolve(v1File),
                cgroupRoot.resolve("memory").resolve("system.slice").resolve("docker-" + id + ".scope").resolve(v1File));
        for (Path file : candidates) {
            try {
                return Optional.of(Long.parseLong(Files.readString(file).strip()));
            } catch (IOException | NumberFormatException e) {
                // not this layout
            }
        }
        return Optional.empty();
    }
}
