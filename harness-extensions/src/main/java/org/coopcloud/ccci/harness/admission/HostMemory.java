package org.coopcloud.ccci.harness.admission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code MemAvailable} of {@code /proc/meminfo}: the kernel's estimate of what a new workload can have without swapping. */
final class HostMemory {
    private HostMemory() {
    }

    static long available(Path meminfo) throws IOException {
        for (String line : Files.readAllLines(meminfo)) {
            if (line.startsWith("MemAvailable:")) {
                String[] parts = line.substring("MemAvailable:".length()).strip().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IOException(meminfo + " has no MemAvailable line (Linux 3.14 or later has it)");
    }
}
