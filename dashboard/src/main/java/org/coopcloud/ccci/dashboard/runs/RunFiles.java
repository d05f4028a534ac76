package org.coopcloud.ccci.dashboard.runs;

import org.coopcloud.ccci.dashboard.publish.RunPublisher;

/**
 * Which files of a run directory are the run's results, served and published: results.json,
 * pr-comment.md, events.jsonl, the app screenshot and the reports. Everything else a run leaves
 * (its abra checkout, state files) stays on its host. The patterns live in {@link RunPublisher},
 * which must stay JDK-only, so both ends of a publish agree on them.
 */
public final class RunFiles {
    public static final String RESULTS = "results.json";
    public static final String PR_COMMENT = "pr-comment.md";
    public static final String EVENTS = "events.jsonl";
    public static final String SCREENSHOT = "app-screenshot.png";
    public static final String REPORTS = "reports";
    /** The console launcher's legacy JUnit XML report of the cc-ci engine. */
    public static final String JUNIT_XML = "reports/TEST-cc-ci.xml";


    private RunFiles() {
    }

    /** Whether {@code relative} (with '/' separators) is one of a run's result files. */
    public static boolean isResultFile(String relative) {
        return RunPublisher.isResultFile(relative);
    }

    public static boolean isRunId(String id) {
        return RunPublisher.isRunId(id);
    }

    public static String contentType(String relative) {
        if (relative.endsWith(".json")) {
            return "application/json; charset=utf-8";
        }
        if (relative.endsWith(".xml")) {
            return "application/xml; charset=utf-8";
        }
        if (relative.endsWith(".png")) {
            return "image/png";
        }
        if (relative.endsWith(".md")) {
            return "text/markdown; charset=utf-8";
        }
        return "text/plain; charset=utf-8";
    }
}
