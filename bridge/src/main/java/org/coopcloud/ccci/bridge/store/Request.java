package org.coopcloud.ccci.bridge.store;

/**
 * One {@code !testme} comment and what the bridge did about it. Times are Unix seconds.
 *
 * @param commentId the Gitea comment id: the request's identity and the marker in every side effect
 * @param sha the PR head when the bridge first saw the comment; the only sha a result of it is written to
 * @param buildNumber the Drone build (also the run id on the dashboard), once known
 * @param replyId the bot's comment on the PR (the "running" comment, later the verdict; or the refusal)
 * @param triggerSentAt set just before the build trigger is sent: a restart that finds it set and no
 *     build number looks for the build in Drone before it triggers again
 * @param replySentAt the same for the PR comment
 * @param finishedSeenAt when the build was first seen finished without published results
 * @param commentCreatedAt the comment's {@code created_at} (Gitea's clock, Unix seconds); null in a
 *     record written before it was kept
 * @param refusal why no build is made, once that is decided; null otherwise
 */
public record Request(long commentId, String repo, long pr, String sha, String commenter, boolean quick,
        String source, RequestState state, Long buildNumber, Long replyId, long receivedAt, Long triggerSentAt,
        Long replySentAt, Long finishedSeenAt, Long commentCreatedAt, Refusal refusal) {

    /** A request just claimed. */
    public static Request claimed(long commentId, String repo, long pr, String sha, String commenter, boolean quick,
            String source, long receivedAt, Long commentCreatedAt) {
        return new Request(commentId, repo, pr, sha, commenter, quick, source, RequestState.CLAIMED, null, null,
                receivedAt, null, null, null, commentCreatedAt, null);
    }

    /** Refused for {@code why}: one reply is owed. */
    public Request refusing(Refusal why) {
        return new Request(commentId, repo, pr, sha, commenter, quick, source, RequestState.REFUSING, buildNumber, replyId,
                receivedAt, triggerSentAt, replySentAt, finishedSeenAt, commentCreatedAt, why);
    }

    public Request withState(RequestState next) {
        return copy(next, buildNumber, replyId, triggerSentAt, replySentAt, finishedSeenAt);
    }

    public Request withBuild(long number) {
        return copy(state, number, replyId, triggerSentAt, replySentAt, finishedSeenAt);
    }

    public Request withReply(long id) {
        return copy(state, buildNumber, id, triggerSentAt, replySentAt, finishedSeenAt);
    }

    public Request withTriggerSentAt(long at) {
        return copy(state, buildNumber, replyId, at, replySentAt, finishedSeenAt);
    }

    public Request withReplySentAt(long at) {
        return copy(state, buildNumber, replyId, triggerSentAt, at, finishedSeenAt);
    }

    public Request withFinishedSeenAt(long at) {
        return copy(state, buildNumber, replyId, triggerSentAt, replySentAt, at);
    }

    /** The same request (identity unchanged) with new progress. */
    private Request copy(RequestState s, Long build, Long reply, Long triggerAt, Long replyAt, Long finishedAt) {
        return new Request(commentId, repo, pr, sha, commenter, quick, source, s, build, reply, receivedAt, triggerAt,
                replyAt, finishedAt, commentCreatedAt, refusal);
    }
}
