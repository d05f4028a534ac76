package org.coopcloud.ccci.bridge;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.bridge.gitea.GiteaClient;
import org.coopcloud.ccci.bridge.gitea.PushEvent;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.store.Refusal;
import org.coopcloud.ccci.bridge.store.Request;
import org.coopcloud.ccci.bridge.store.RequestStore;

/**
 * Decides whether a request's sha (the PR head when the bridge first saw the comment, which may be
 * later than the comment) was the head the commenter approved, from facts the pusher cannot forge
 * (docs/operations.md, "Which head a request tests"):
 * <ol>
 * <li>Gitea records each push to a PR's branch as a {@code pull_push} timeline entry whose id comes
 * from the same sequence as the comments. An entry after the comment means the head moved: refused.</li>
 * <li>With pushes before the comment, the newest of them names the head as of the comment; the
 * request's sha must be that head (else a push after the comment has not been recorded yet: refused).</li>
 * <li>With no push recorded, the head is the PR's first; the request's sha must be a head the bridge
 * itself saw on the PR before the comment was written (both times Gitea's clock), and the only head it
 * ever saw there (another one means pushes Gitea has not recorded yet), else it is unconfirmed.</li>
 * </ol>
 * Commit dates are never used: the pusher sets them.
 */
public final class HeadBinding {
    private final GiteaClient gitea;
    private final RequestStore store;

    public HeadBinding(GiteaClient gitea, RequestStore store) {
        this.gitea = gitea;
        this.store = store;
    }

    /** Empty when the request's sha is the head as of its comment; else why it is refused. */
    public Optional<Refusal> check(Request r) throws ApiException, SQLException {
        List<PushEvent> pushes = gitea.pushes(r.repo(), r.pr());
        if (pushes.stream().anyMatch(p -> p.id() > r.commentId())) {
            return Optional.of(Refusal.HEAD_MOVED);
        }
        Optional<PushEvent> lastBefore = pushes.stream().max(Comparator.comparingLong(PushEvent::id));
        if (lastBefore.isPresent()) {
            Optional<String> head = lastBefore.get().newHead();
            if (head.isEmpty()) {
                return Optional.of(Refusal.HEAD_UNCONFIRMED);
            }
            return head.get().equalsIgnoreCase(r.sha()) ? Optional.empty() : Optional.of(Refusal.HEAD_MOVED);
        }
        Optional<Instant> seen = store.firstSeenAsHead(r.repo(), r.pr(), r.sha());
        // Whole seconds on both sides: a sighting in an earlier second than the comment's was before it.
        boolean seenBefore = seen.isPresent() && r.commentCreatedAt() != null
                && seen.get().getEpochSecond() < r.commentCreatedAt();
        boolean onlyHeadSeen = store.headsSeen(r.repo(), r.pr()).stream().allMatch(r.sha()::equalsIgnoreCase);
        return seenBefore && onlyHeadSeen ? Optional.empty() : Optional.of(Refusal.HEAD_UNCONFIRMED);
    }
}
