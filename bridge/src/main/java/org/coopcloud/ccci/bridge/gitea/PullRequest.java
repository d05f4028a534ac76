package org.coopcloud.ccci.bridge.gitea;

import java.time.Instant;

/**
 * An open pull request of an enrolled repo: its index and the sha of its head commit, and when
 * Gitea showed it so: the {@code Date} of Gitea's answer (its own clock), null when the answer had none.
 */
public record PullRequest(long number, String headSha, boolean open, Instant seenAt) {
}
