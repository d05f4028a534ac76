package org.coopcloud.ccci.bridge.gitea;

import java.time.Instant;

/** A comment on an issue or pull request, as much of it as the bridge reads (times are Gitea's clock). */
public record Comment(long id, String body, String login, Instant createdAt, Instant updatedAt) {
}
