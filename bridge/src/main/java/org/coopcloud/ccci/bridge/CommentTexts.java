package org.coopcloud.ccci.bridge;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.coopcloud.ccci.bridge.store.Refusal;
import org.coopcloud.ccci.bridge.store.Request;
import org.coopcloud.ccci.engine.results.Baseline;
import org.coopcloud.ccci.engine.results.ReportLinks;
import org.coopcloud.ccci.engine.results.RunEstimate;
import org.coopcloud.ccci.engine.results.RunReport;
import org.coopcloud.ccci.engine.results.RunResults;

/**
 * The bodies of the bot's PR comments. Each starts with a hidden marker naming the request, so a
 * restart that does not know whether its comment was posted can find it instead of posting twice.
 */
public final class CommentTexts {
    private CommentTexts() {
    }

    public static String requestMarker(long commentId) {
        return "<!-- cc-ci:request=" + commentId + " -->";
    }

    public static String refusalMarker(long commentId) {
        return "<!-- cc-ci:refusal=" + commentId + " -->";
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** The "running" comment; with an estimate, it says when the run should finish counted from {@code now}. */
    public static String running(Request r, String recipe, String buildLink, Optional<RunEstimate> estimate, Instant now) {
        return requestMarker(r.commentId()) + "\n"
                + "### cc-ci: `" + recipe + "` is running\n\n"
                + (r.quick() ? "Quick lane (`!testme --quick`): lower confidence; the full run decides.\n\n" : "")
                + "Requested by @" + r.commenter() + " on `" + CommentIntake.shortSha(r.sha()) + "`. "
                + "[Drone build #" + r.buildNumber() + "](" + buildLink + ")"
                + estimate.map(e -> ", expected to finish about " + CLOCK.format(now.plus(e.median())) + " UTC (median of "
                        + e.runs() + " earlier run" + (e.runs() == 1 ? "" : "s") + ", "
                        + Math.max(1, Math.round(e.median().toSeconds() / 60.0)) + " min)").orElse("")
                + ". This comment is updated with the verdict.\n";
    }

    /** The one reply to a refused request, saying why and what to do. */
    public static String refusal(Request r, String org) {
        String why = switch (r.refusal() == null ? Refusal.NOT_AUTHORISED : r.refusal()) {
            case NOT_AUTHORISED -> "cc-ci runs only for members of `" + org + "` and allowlisted users, so no build was started. "
                    + "If you are a member of `" + org + "` whose membership is private, make it public (on the organisation's "
                    + "page in Gitea, under People, set your membership to public) and comment `!testme` again; "
                    + "otherwise a member of `" + org + "` can comment `!testme`.";
            case HEAD_MOVED -> "the PR's head moved after your `!testme` (it is now `" + CommentIntake.shortSha(r.sha())
                    + "`), so no build was started: cc-ci tests only the commit that was the head when the command was "
                    + "written. Look at the new commits and comment `!testme` again to test them.";
            case HEAD_UNCONFIRMED -> "cc-ci could not confirm that `" + CommentIntake.shortSha(r.sha()) + "` was already the PR's "
                    + "head when you wrote `!testme` (Gitea shows no push before your comment, and the bridge had not seen "
                    + "this head before it, for instance because it was stopped), so no build was started. "
                    + "Comment `!testme` again to test it.";
        };
        return refusalMarker(r.commentId()) + "\n@" + r.commenter() + ": " + why + "\n";
    }

    /**
     * The verdict comment, rendered again from the run's results.json by the engine's own
     * {@link RunReport} (one renderer), now with main's level, the run page and the Drone log.
     */
    public static String verdict(Request r, RunResults results, Baseline baseline, String dashboardUrl, String buildLink) {
        ReportLinks links = new ReportLinks(Optional.of(dashboardUrl), Optional.of(buildLink),
                Optional.ofNullable(results.artifacts().get("screenshot")));
        return requestMarker(r.commentId()) + "\n" + RunReport.prComment(results, links, baseline);
    }

    /** The run's own pr-comment.md (when its results.json cannot be rendered again), and the links it lacks. */
    public static String verdict(Request r, String prComment, String runPage, String buildLink) {
        StringBuilder footer = new StringBuilder();
        if (!prComment.contains(runPage)) {
            footer.append("[Run page](").append(runPage).append(") · ");
        }
        if (!prComment.contains(buildLink)) {
            footer.append("[Drone log](").append(buildLink).append(") · ");
        }
        footer.append("commit `").append(CommentIntake.shortSha(r.sha())).append('`');
        return requestMarker(r.commentId()) + "\n" + prComment.strip() + "\n\n" + footer + "\n";
    }

    public static String noVerdict(Request r, String recipe, StatusReport status, String buildLink) {
        return requestMarker(r.commentId()) + "\n"
                + "### cc-ci: `" + recipe + "`: no verdict\n\n"
                + status.description() + ".\n\n"
                + "[Drone log](" + buildLink + ") · commit `" + CommentIntake.shortSha(r.sha()) + "`\n";
    }
}
