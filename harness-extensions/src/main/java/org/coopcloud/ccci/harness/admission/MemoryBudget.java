package org.coopcloud.ccci.harness.admission;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.coopcloud.ccci.harness.docker.ContainerSummary;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.Filters;

/**
 * What a new claim can have now. Admitted runs count at what they will still grow into, not at what
 * they use: a run admitted a second ago has deployed nothing yet, and MemAvailable does not know it.
 * <pre>
 *   free = MemAvailable - margin - sum over granted runs of max(0, need - usage)
 *   with a capacity: also at most capacity - sum over granted runs of max(need, usage)
 * </pre>
 * where usage is the current memory of the run's stack's containers (their cgroups).
 */
final class MemoryBudget implements AdmissionQueue.Budget {
    private final AdmissionSettings settings;
    private final DockerClient docker;
    private final ContainerMemory memory;
    private final Path meminfo;

    MemoryBudget(AdmissionSettings settings, DockerClient docker, ContainerMemory memory, Path meminfo) {
        this.settings = settings;
        this.docker = docker;
        this.memory = memory;
        this.meminfo = meminfo;
    }

    @Override
    public long free(List<AdmissionQueue.Claim> granted) throws IOException, InterruptedException {
        long outstanding = 0;
        long claimed = 0;
        for (AdmissionQueue.Claim claim : granted) {
            long usage = stackUsage(claim.stack());
            outstanding += Math.max(0, claim.needBytes() - usage);
            claimed += Math.max(claim.needBytes(), usage);
        }
        long free = HostMemory.available(meminfo) - settings.marginBytes() - outstanding;
        if (settings.capacityBytes().isPresent()) {
            free = Math.min(free, settings.capacityBytes().getAsLong() - claimed);
        }
        return free;
    }

    /** The current memory of a stack's containers; 0 before it has any. */
    long stackUsage(String stack) throws InterruptedException {
        if (stack.isEmpty()) {
            return 0;
        }
        long sum = 0;
        for (ContainerSummary c : docker.containers(Filters.label(DockerClient.STACK_LABEL + "=" + stack))) {
            sum += memory.usage(c.id()).orElse(0L);
        }
        return sum;
    }

    /** The sum of the peaks of a stack's containers now (each container's peak since it started). */
    long stackPeak(String stack) throws InterruptedException {
        long sum = 0;
        for (ContainerSummary c : docker.containers(Filters.label(DockerClient.STACK_LABEL + "=" + stack))) {
            if ("running".equals(c.state())) {
                sum += memory.peak(c.id()).orElse(0L);
            }
        }
        return sum;
    }
}
