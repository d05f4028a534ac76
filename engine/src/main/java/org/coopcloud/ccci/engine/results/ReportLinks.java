package org.coopcloud.ccci.engine.results;

import java.util.Optional;

/**
 * Where pr-comment.md points, beside the results themselves.
 *
 * @param dashboardUrl the dashboard's base URL without a trailing '/': the run page, this run's badge,
 *                     its summary card and its files are under {@code <dashboardUrl>/runs/<run id>}
 * @param logUrl       the build log (Drone's DRONE_BUILD_LINK)
 * @param screenshot   the app's landing-page screenshot, a file name in the run directory, when the run took one
 */
public record ReportLinks(Optional<String> dashboardUrl, Optional<String> logUrl, Optional<String> screenshot) {
    public static final ReportLinks NONE = new ReportLinks(Optional.empty(), Optional.empty(), Optional.empty());

    public ReportLinks {
        dashboardUrl = dashboardUrl.filter(ReportLinks::isWebUrl).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        logUrl = logUrl.filter(ReportLinks::isWebUrl);
        screenshot = screenshot.filter(name -> name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"));
    }

    /** Only plain http(s) URLs without spaces or markdown-active characters make it into a link. */
    static boolean isWebUrl(String url) {
        return url.matches("https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+");
    }

    public Optional<String> runPage(String runId) {
        return dashboardUrl.map(u -> u + "/runs/" + runId);
    }
}
