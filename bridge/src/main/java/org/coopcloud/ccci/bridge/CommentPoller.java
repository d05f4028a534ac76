package org.coopcloud.ccci.bridge;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Logger;
import org.coopcloud.ccci.bridge.gitea.Comment;
import org.coopcloud.ccci.bridge.gitea.GiteaClient;
import org.coopcloud.ccci.bridge.gitea.PullRequest;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.store.RequestStore;

/**
 * Reads the new comments on the open PRs of each enrolled repo. Each repo's cursor is the newest
 * {@code updated_at} Gitea has shown us (Gitea's clock, so no skew with ours), saved only after a
 * whole pass over the repo succeeded; Gitea's {@code since} is inclusive, so the newest comment is
 * seen again on the next pass and the claim by comment id drops it. A first start looks back
 * {@code poll.first-lookback.minutes} so a request made just before the bridge started is served.
 */
public final class CommentPoller {
    private static final Logger LOG = Logger.getLogger(CommentPoller.class.getName());

    private final List<String> repos;
    private final GiteaClient gitea;
    private final RequestStore store;
    private final CommentIntake intake;
    private final Duration firstLookback;
    private final Clock clock;

    public CommentPoller(List<String> repos, GiteaClient gitea, RequestStore store, CommentIntake intake,
            Duration firstLookback, Clock clock) {
        this.repos = repos;
        this.gitea = gitea;
        this.store = store;
        this.intake = intake;
        this.firstLookback = firstLookback;
        this.clock = clock;
    }

    public void pollAll() throws SQLException {
        for (String repo : repos) {
            try {
                poll(repo);
            } catch (ApiException e) {
                LOG.warning("poll of " + repo + ": " + e.getMessage() + "; will try again next cycle");
            }
        }
    }

    private void poll(String repo) throws ApiException, SQLException {
        Instant since = store.cursor(repo).orElse(clock.instant().minus(firstLookback).truncatedTo(ChronoUnit.SECONDS));
        Instant newest = since;
        for (PullRequest pull : gitea.openPulls(repo)) {
            for (Comment comment : gitea.comments(repo, pull.number(), since)) {
                intake.offer(repo, pull, comment, "poll");
                if (comment.updatedAt().isAfter(newest)) {
                    newest = comment.updatedAt();
                }
            }
        }
        store.setCursor(repo, newest);
    }
}
