package org.coopcloud.ccci.bridge.drone;

import java.util.Map;
import java.util.Set;

/** A Drone build as the bridge reads it: number, status, creation time (Unix seconds) and custom params. */
public record DroneBuild(long number, String status, long created, Map<String, String> params) {

    private static final Set<String> FINISHED = Set.of("success", "failure", "killed", "error", "skipped", "declined");

    /** Drone's statuses move pending, running, then one of success, failure, killed, error (or skipped, declined). */
    public boolean finished() {
        return FINISHED.contains(status);
    }
}
