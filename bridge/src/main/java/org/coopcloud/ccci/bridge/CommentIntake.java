package org.coopcloud.ccci.bridge;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.coopcloud.ccci.bridge.gitea.Comment;
import org.coopcloud.ccci.bridge.gitea.PullRequest;
import org.coopcloud.ccci.bridge.store.Request;
import org.coopcloud.ccci.bridge.store.RequestStore;

/**
 * Where a comment enters, from the poll or the webhook alike: a trigger is recorded as a request
 * keyed by its comment id, so the second delivery of the same comment finds it claimed and does
 * nothing. The request keeps the PR head sha of this moment, which may be later than the comment:
 * {@link HeadBinding} decides before any build whether it is the head as of the comment.
 */
public final class CommentIntake {
    private static final Logger LOG = Logger.getLogger(CommentIntake.class.getName());

    private final RequestStore store;
    private final Clock clock;

    public CommentIntake(RequestStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** True when the comment is a trigger seen for the first time (a new request was recorded). */
    public boolean offer(String repo, PullRequest pull, Comment comment, String source) throws SQLException {
        Optional<TriggerParser.Lane> lane = TriggerParser.parse(comment.body());
        if (lane.isEmpty() || !pull.open()) {
            return false;
        }
        if (pull.seenAt() != null) {
            store.sawHead(repo, pull.number(), pull.headSha(), pull.seenAt());
        }
        Request request = Request.claimed(comment.id(), repo, pull.number(), pull.headSha(), comment.login(),
                lane.get() == TriggerParser.Lane.QUICK, source, clock.instant().getEpochSecond(),
                comment.createdAt().getEpochSecond());
        boolean fresh = store.claim(request);
        if (fresh) {
            LOG.info("request " + comment.id() + ": " + (request.quick() ? "!testme --quick" : "!testme") + " on " + repo
                    + "#" + pull.number() + " at " + shortSha(pull.headSha()) + " by " + comment.login() + " (via " + source + ")");
        }
        return fresh;
    }

    static String shortSha(String sha) {
        return sha.length() > 10 ? sha.substring(0, 10) : sha;
    }
}
