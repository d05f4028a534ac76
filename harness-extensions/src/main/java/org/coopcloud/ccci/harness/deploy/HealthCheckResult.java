package org.coopcloud.ccci.harness.deploy;

import java.util.OptionalInt;

/**
 * The answer of one {@link HttpHealthProbe} check.
 *
 * @param status      the HTTP status of the first response, empty when there was none
 * @param containerId the task container the probe ran in, empty when no task was running
 * @param detail      why it is not healthy (or the status line), with the probe's own output
 */
public record HealthCheckResult(String service, String url, boolean healthy, OptionalInt status, String containerId, String detail) {
}
