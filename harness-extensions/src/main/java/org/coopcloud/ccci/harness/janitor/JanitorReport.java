package org.coopcloud.ccci.harness.janitor;

import java.util.List;

/**
 * What one sweep did. Domains are listed in the order they were handled.
 *
 * @param reaped          orphans reaped (lockfile unlinked after)
 * @param reapFailed      orphans whose reap threw (lockfile kept; the next sweep tries again)
 * @param live            held by a live run, left alone
 * @param longHeld        of {@code live}, the ones held longer than twice the deadline (flagged)
 * @param staleSkipped    another janitor reaped them while we raced
 * @param unopenable      lockfile could not be opened: skipped
 * @param tidiedLockFiles unheld lockfiles without an app, unlinked
 * @param discoveryConfigured false when no {@link AppDiscovery} was bound (only lockfiles swept)
 */
public record JanitorReport(List<String> reaped, List<String> reapFailed, List<String> live, List<String> longHeld,
        List<String> staleSkipped, List<String> unopenable, List<String> tidiedLockFiles,
        boolean discoveryConfigured) {
}
