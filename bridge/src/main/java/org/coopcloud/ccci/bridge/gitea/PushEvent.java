package org.coopcloud.ccci.bridge.gitea;

import java.util.Optional;

/**
 * A push to a PR's branch as Gitea records it in the PR's timeline: an entry of type
 * {@code pull_push} whose body is {@code {"is_force_push": bool, "commit_ids": [...]}} (the new
 * commits oldest first, or for a force push the old and the new head). Its {@code id} comes from the
 * same sequence as the PR's comments, so it orders the push against a comment without anyone's clock.
 *
 * @param newHead the head the push left, the last of {@code commit_ids}; empty when the body could not be read
 */
public record PushEvent(long id, Optional<String> newHead) {
}
