package org.coopcloud.ccci.bridge;

import org.coopcloud.ccci.bridge.dashboard.PublishedRun;

/**
 * The commit status for a request: Gitea's state and a one-line description. A full run writes the
 * context {@code cc-ci/testme} (the one a branch protection may require); the quick lane writes
 * {@code cc-ci/testme-quick}, so a quick run never gates a merge and never overwrites a full run's
 * status. An infrastructure error, an aborted run and a build without results are never shown as a
 * level of the app: they are Gitea's {@code error}, with the reason.
 */
public record StatusReport(String state, String description) {
    public static final String CONTEXT = "cc-ci/testme";
    public static final String QUICK_CONTEXT = "cc-ci/testme-quick";

    /** The status context a request of this lane writes. */
    public static String context(boolean quick) {
        return quick ? QUICK_CONTEXT : CONTEXT;
    }

    public static StatusReport running(long build, boolean quick) {
        return new StatusReport("pending", (quick ? "quick run" : "run") + " in progress (Drone build #" + build + ")");
    }

    /** Gitea's commit status description: the verdict, then the cause, cut to this many characters. */
    public static final int DESCRIPTION_LIMIT = 140;

    public static StatusReport of(PublishedRun run) {
        String lane = run.quick() ? " (quick lane)" : "";
        String level = run.level().map(l -> "level " + l).orElse("no level");
        String cause = run.cause().map(c -> ": " + c).orElse("");
        return switch (run.verdict()) {
            case PASSED -> new StatusReport("success", level + ": passed" + lane);
            case APP_FAILED -> new StatusReport("failure", fit(level + lane + (cause.isEmpty() ? ": a rung failed" : cause)));
            case INFRASTRUCTURE_ERROR -> new StatusReport("error", fit("infrastructure error, no level (not the recipe's fault)"
                    + lane + cause));
            case ABORTED -> new StatusReport("error", "aborted" + run.abortCause().map(c -> " (" + c + ")").orElse("")
                    + ", no level" + lane);
            case BAD_INPUT -> new StatusReport("error", fit("bad input, nothing deployed" + lane + cause));
        };
    }

    /** The cause heads the description; one that is too long ends with an ellipsis, never mid-nothing. */
    static String fit(String description) {
        return description.length() <= DESCRIPTION_LIMIT ? description
                : description.substring(0, DESCRIPTION_LIMIT - 1) + "…";
    }

    /** The build ended but its results never reached the dashboard. */
    public static StatusReport withoutResults(String droneStatus) {
        return switch (droneStatus) {
            case "killed" -> new StatusReport("error", "build killed (cancelled) before results were published: no verdict");
            case "error" -> new StatusReport("error", "build error (Drone could not run it): no verdict");
            default -> new StatusReport("error", "build " + droneStatus + " but its results were not published: no verdict");
        };
    }

    /** The run published results that belong to another request: nothing of them is reported. */
    public static StatusReport mismatch() {
        return new StatusReport("error", "the run's published results are not for this commit: not reported");
    }
}
