package org.coopcloud.ccci.bridge;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.coopcloud.ccci.bridge.gitea.Comment;
import org.coopcloud.ccci.bridge.gitea.GiteaClient;
import org.coopcloud.ccci.bridge.gitea.PullRequest;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.store.RequestStore;

/**
 * Reads the new comments on the open PRs of each enrolled repo. Each repo's cursor is where the
 * next pass starts reading: the time (Gitea's clock, the {@code Date} of its PR listing) this pass
 * began, less {@link #MARGIN} for a comment Gitea stamped just before it but had not yet committed,
 * saved only after a whole pass over the repo succeeded. So a comment written anywhere while the pass
 * was under way, on a PR listed earlier in it, is read by the next pass: the cursor never jumps to the
 * newest comment some later PR showed. Comments read twice are dropped by the claim on the comment id.
 * A first start looks back {@code poll.first-lookback.minutes} so a request made just before the
 * bridge started is served.
 */
public final class CommentPoller {
    private static final Logger LOG = Logger.getLogger(CommentPoller.class.getName());
    /** How far before the pass's start the next pass reads again. */
    static final Duration MARGIN = Duration.ofMinutes(2);

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
        List<PullRequest> pulls = gitea.openPulls(repo);
        for (PullRequest pull : pulls) {
            if (pull.seenAt() != null) {
                store.sawHead(repo, pull.number(), pull.headSha(), pull.seenAt());
            }
            for (Comment comment : gitea.comments(repo, pull.number(), since)) {
                intake.offer(repo, pull, comment, "poll");
            }
        }
        // With no PR open there is no answer's Date to go by, and nothing could have been missed: the cursor stays.
        Optional<Instant> started = pulls.stream().map(PullRequest::seenAt).filter(Objects::nonNull).min(Instant::compareTo);
        if (started.isPresent()) {
            Instant next = started.get().minus(MARGIN);
            if (next.isAfter(since)) {
                store.setCursor(repo, next);
            }
        }
    }
}
