package org.coopcloud.ccci.bridge.gitea;

/** An open pull request of an enrolled repo: its index and the sha of its head commit. */
public record PullRequest(long number, String headSha, boolean open) {
}
