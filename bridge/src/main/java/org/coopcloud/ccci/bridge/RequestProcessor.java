package org.coopcloud.ccci.bridge;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.coopcloud.ccci.bridge.config.BridgeConfig;
import org.coopcloud.ccci.bridge.dashboard.DashboardClient;
import org.coopcloud.ccci.engine.results.ResultsJsonReader;
import org.coopcloud.ccci.engine.results.RunResults;
import org.coopcloud.ccci.bridge.dashboard.PublishedRun;
import org.coopcloud.ccci.bridge.drone.DroneBuild;
import org.coopcloud.ccci.bridge.drone.DroneClient;
import org.coopcloud.ccci.bridge.gitea.Comment;
import org.coopcloud.ccci.bridge.gitea.GiteaClient;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.store.Refusal;
import org.coopcloud.ccci.bridge.store.Request;
import org.coopcloud.ccci.bridge.store.RequestState;
import org.coopcloud.ccci.bridge.store.RequestStore;
import org.coopcloud.ccci.engine.results.RunEstimate;

/**
 * Moves each request through its states (see {@link RequestState}). The rule that makes a request
 * happen exactly once across crashes: before each side effect that creates something (the build,
 * the PR comment) the bridge saves that it is about to send it, with the request's comment id in
 * it (the build's {@code CCCI_REQUEST} parameter, the comment's hidden marker); a restart that
 * finds the intent saved but no result looks for the thing in Drone or on the PR first, adopts it
 * when found, and sends it again only when it is not there. Updates (the comment edit, commit
 * statuses) are idempotent and simply repeated.
 */
public final class RequestProcessor {
    private static final Logger LOG = Logger.getLogger(RequestProcessor.class.getName());
    /** The Drone build parameter that names the request a build was started for. */
    public static final String REQUEST_PARAM = "CCCI_REQUEST";
    /** Slack for the clocks of the bridge and Drone when looking for a build by its creation time. */
    private static final long CLOCK_SLACK_SECONDS = 600;

    private final BridgeConfig config;
    private final RequestStore store;
    private final GiteaClient gitea;
    private final DroneClient drone;
    private final DashboardClient dashboard;
    private final Clock clock;
    private final HeadBinding heads;

    public RequestProcessor(BridgeConfig config, RequestStore store, GiteaClient gitea, DroneClient drone,
            DashboardClient dashboard, Clock clock) {
        this.heads = new HeadBinding(gitea, store);
        this.config = config;
        this.store = store;
        this.gitea = gitea;
        this.drone = drone;
        this.dashboard = dashboard;
        this.clock = clock;
    }

    /** Advances every unfinished request as far as it goes now; a failed call leaves it for the next cycle. */
    public void advanceAll() throws SQLException {
        for (Request request : store.unfinished()) {
            try {
                advance(request);
            } catch (ApiException e) {
                LOG.warning("request " + request.commentId() + " (" + request.state().name().toLowerCase(Locale.ROOT)
                        + "): " + e.getMessage() + "; will try again next cycle");
            }
        }
    }

    void advance(Request r) throws ApiException, SQLException {
        while (!r.state().finished()) {
            Request next = step(r);
            if (next == r) {
                return; // waiting on the build or its results
            }
            r = next;
        }
    }

    private Request step(Request r) throws ApiException, SQLException {
        return switch (r.state()) {
            case CLAIMED -> authorise(r);
            case REFUSING -> refuse(r);
            case TRIGGERING -> trigger(r);
            case TRIGGERED -> announce(r);
            case RUNNING -> report(r);
            case REFUSED, DONE -> r;
        };
    }

    private Request authorise(Request r) throws ApiException, SQLException {
        boolean allowed = config.allowlist().contains(r.commenter().toLowerCase(Locale.ROOT))
                || gitea.isMember(config.org(), r.commenter());
        if (!allowed) {
            LOG.info("request " + r.commentId() + ": " + r.commenter() + " is neither a member of " + config.org()
                    + " nor allowlisted; refusing");
            Request next = r.refusing(Refusal.NOT_AUTHORISED);
            store.save(next);
            return next;
        }
        Optional<Refusal> headRefusal = heads.check(r);
        Request next = headRefusal.map(r::refusing).orElse(r.withState(RequestState.TRIGGERING));
        if (headRefusal.isPresent()) {
            LOG.info("request " + r.commentId() + ": " + CommentIntake.shortSha(r.sha()) + " is not the head as of the comment ("
                    + headRefusal.get().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "); refusing");
        }
        store.save(next);
        return next;
    }

    private Request refuse(Request r) throws ApiException, SQLException {
        String marker = CommentTexts.refusalMarker(r.commentId());
        Optional<Long> existing = r.replySentAt() == null ? Optional.empty() : findOwnComment(r, marker);
        Request next = r;
        if (existing.isEmpty()) {
            next = next.withReplySentAt(now());
            store.save(next);
            long id = gitea.createComment(r.repo(), r.pr(), CommentTexts.refusal(r, config.org()));
            next = next.withReply(id);
        } else {
            next = next.withReply(existing.get());
        }
        next = next.withState(RequestState.REFUSED);
        store.save(next);
        return next;
    }

    private Request trigger(Request r) throws ApiException, SQLException {
        String id = String.valueOf(r.commentId());
        if (r.triggerSentAt() != null) {
            Optional<DroneBuild> found = drone.findByParam(REQUEST_PARAM, id, r.triggerSentAt() - CLOCK_SLACK_SECONDS);
            if (found.isPresent()) {
                LOG.info("request " + id + ": found build #" + found.get().number() + " started before a restart; adopting it");
                Request next = r.withBuild(found.get().number()).withState(RequestState.TRIGGERED);
                store.save(next);
                return next;
            }
            LOG.info("request " + id + ": a trigger was sent before a restart but Drone has no build for it; triggering");
        }
        Request intent = r.withTriggerSentAt(now());
        store.save(intent);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("RECIPE", BridgeConfig.recipeOf(r.repo()));
        params.put("REF", r.sha());
        params.put("PR", String.valueOf(r.pr()));
        params.put("SRC", r.repo());
        params.put("CCCI_TRIGGER", "testme");
        if (r.quick()) {
            params.put("CCCI_QUICK", "1");
        }
        params.put(REQUEST_PARAM, id);
        DroneBuild build = drone.trigger(params);
        LOG.info("request " + id + ": triggered Drone build #" + build.number() + " (" + drone.buildLink(build.number()) + ")");
        Request next = intent.withBuild(build.number()).withState(RequestState.TRIGGERED);
        store.save(next);
        return next;
    }

    private Request announce(Request r) throws ApiException, SQLException {
        Request next = r;
        String link = drone.buildLink(r.buildNumber());
        if (next.replyId() == null) {
            Optional<Long> existing = next.replySentAt() == null ? Optional.empty()
                    : findOwnComment(next, CommentTexts.requestMarker(next.commentId()));
            if (existing.isPresent()) {
                next = next.withReply(existing.get());
            } else {
                String recipe = BridgeConfig.recipeOf(r.repo());
                // Asked before the intent is saved: a slow dashboard (bounded) delays nothing else.
                Optional<RunEstimate> estimate = dashboard.estimate(recipe, r.quick());
                next = next.withReplySentAt(now());
                store.save(next);
                next = next.withReply(gitea.createComment(r.repo(), r.pr(),
                        CommentTexts.running(next, recipe, link, estimate, clock.instant())));
            }
            store.save(next);
        }
        StatusReport pending = StatusReport.running(r.buildNumber(), r.quick());
        gitea.setStatus(r.repo(), r.sha(), pending.state(), link, pending.description(), StatusReport.context(r.quick()));
        next = next.withState(RequestState.RUNNING);
        store.save(next);
        return next;
    }

    private Request report(Request r) throws ApiException, SQLException {
        long number = r.buildNumber();
        String runId = String.valueOf(number);
        DroneBuild build = drone.build(number);
        if (!build.finished()) {
            return r;
        }
        Optional<String> resultsBody = dashboard.resultsJson(runId);
        PublishedRun run = null;
        if (resultsBody.isPresent()) {
            try {
                run = PublishedRun.parse(resultsBody.get());
            } catch (ApiException e) {
                LOG.warning("request " + r.commentId() + ": " + e.getMessage());
            }
        }
        if (run == null && !graceOver(r)) {
            if (r.finishedSeenAt() == null) {
                store.save(r.withFinishedSeenAt(now()));
                LOG.info("request " + r.commentId() + ": build #" + number + " " + build.status()
                        + "; waiting up to " + config.resultsGrace().toMinutes() + " min for its results on the dashboard");
            }
            return r; // saved or not, this request waits for the next cycle
        }
        String recipe = BridgeConfig.recipeOf(r.repo());
        String link = drone.buildLink(number);
        String runPage = dashboard.runPageUrl(runId);
        StatusReport status;
        String body;
        if (run == null) {
            status = StatusReport.withoutResults(build.status());
            body = CommentTexts.noVerdict(r, recipe, status, link);
        } else if (!belongsTo(run, r)) {
            LOG.warning("request " + r.commentId() + ": the results published for run " + runId + " are for "
                    + run.recipe() + "@" + run.ref() + " PR " + run.pr() + " (run " + run.runId() + "), not "
                    + recipe + "@" + r.sha() + " PR " + r.pr() + "; not reporting them");
            status = StatusReport.mismatch();
            body = CommentTexts.noVerdict(r, recipe, status, link);
        } else {
            status = StatusReport.of(run);
            body = verdictComment(r, recipe, resultsBody.get(), runId, runPage, link, status);
        }
        Request next = r;
        try {
            gitea.editComment(r.repo(), r.replyId(), body);
        } catch (ApiException e) {
            if (e.status() != 404 && e.status() != 403) {
                throw e;
            }
            // Someone deleted the bot's comment (or it is not the bot's to edit): the verdict still
            // belongs on the PR, so it goes into a new comment rather than nowhere.
            LOG.warning("request " + r.commentId() + ": " + e.getMessage() + "; posting the verdict as a new comment");
            next = next.withReply(gitea.createComment(r.repo(), r.pr(), body));
            store.save(next);
        }
        gitea.setStatus(r.repo(), r.sha(), status.state(), run != null && belongsTo(run, r) ? runPage : link,
                status.description(), StatusReport.context(r.quick()));
        LOG.info("request " + r.commentId() + ": " + status.state() + ": " + status.description());
        next = next.withState(RequestState.DONE);
        store.save(next);
        return next;
    }

    /**
     * The verdict comment rendered from results.json with main's level (the dashboard's baseline);
     * the run's own pr-comment.md when results.json is one the engine's reader cannot read.
     */
    private String verdictComment(Request r, String recipe, String resultsJson, String runId, String runPage, String link,
            StatusReport status) throws ApiException {
        try {
            RunResults results = ResultsJsonReader.read(resultsJson);
            return CommentTexts.verdict(r, results, dashboard.baseline(recipe), dashboard.baseUrl(), link);
        } catch (ResultsJsonReader.MalformedResultsException e) {
            LOG.warning("request " + r.commentId() + ": " + e.getMessage() + "; posting the run's own pr-comment.md");
            Optional<String> prComment = dashboard.prComment(runId);
            return CommentTexts.verdict(r, prComment.orElse("### cc-ci: `" + recipe + "`: " + status.description()),
                    runPage, link);
        }
    }

    /** A result belongs to a request only if it is the run of that recipe, at that sha, for that PR and build. */
    static boolean belongsTo(PublishedRun run, Request r) {
        return run.recipe().equals(BridgeConfig.recipeOf(r.repo()))
                && run.ref() != null && run.ref().equalsIgnoreCase(r.sha())
                && run.pr() != null && run.pr() == r.pr()
                && run.runId().equals(String.valueOf(r.buildNumber()))
                && (run.src() == null || run.src().equalsIgnoreCase(r.repo()))
                && run.quick() == r.quick();
    }

    private boolean graceOver(Request r) {
        return r.finishedSeenAt() != null
                && now() - r.finishedSeenAt() >= config.resultsGrace().toSeconds();
    }

    /** The bot's own comment carrying {@code marker}; a comment by anyone else is never adopted, whatever it says. */
    private Optional<Long> findOwnComment(Request r, String marker) throws ApiException {
        String bot = gitea.botLogin();
        for (Comment c : gitea.comments(r.repo(), r.pr(), null)) {
            if (c.login().equalsIgnoreCase(bot) && c.body().contains(marker)) {
                return Optional.of(c.id());
            }
        }
        return Optional.empty();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
