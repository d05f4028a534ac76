package org.coopcloud.ccci.engine.launch;

import static org.junit.platform.launcher.EngineFilter.includeEngines;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.coopcloud.ccci.engine.Constants;
import org.coopcloud.ccci.engine.api.BadInputException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.coopcloud.ccci.engine.config.InputCheck;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * {@code bin/ccci run} in one JVM: refuses bad input with exit status 2 before anything is created,
 * then runs the cc-ci engine for the recipe through the JUnit Platform Launcher API, in the same
 * process. It replaces the two JVMs started before (the input check, then the JUnit console
 * launcher): the second JVM start and the console launcher's option parsing cost about 1 s
 * before the first abra call under load (docs/performance.md). Its output tree is replaced by one
 * line per check ({@link CheckLines}). The run directory's reports are the same: the legacy JUnit
 * XML and the Open Test Reporting XML in {@code <runs dir>/<run id>/reports}.
 *
 * <p>Exit statuses: 0 every tier passed, 1 a tier failed, 2 bad input (a bad field, or a ref,
 * repository or recipe that does not exist: nothing deployed); the harness's lifetime
 * guards exit 142 and 143 themselves.
 *
 * <p>Arguments: {@code --run-id ID --reports-dir DIR} (bin/ccci computes both, as it did for the
 * console launcher); the recipe and the other inputs come from the environment (RECIPE, REF, ...).
 */
public final class RunCommand {
    private static final String NATIVE_IMAGE_PROPERTY = "org.graalvm.nativeimage.imagecode";

    private RunCommand() {
    }

    public static void main(String[] args) {
        int bad = InputCheck.check();
        if (bad != 0) {
            System.exit(bad);
        }
        Map<String, String> options = options(args);
        System.setOut(ConsoleVoice.over(System.out)); // one line style for the harness's progress lines
        String recipe = System.getenv(Constants.RECIPE_ENV);
        Path reports = Path.of(options.get("--reports-dir"));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.parse("recipe:" + recipe).orElseThrow())
                .filters(includeEngines(Constants.ENGINE_ID))
                .configurationParameter(Constants.RUN_ID, options.get("--run-id"))
                .configurationParameter("junit.platform.reporting.open.xml.enabled", "true")
                // The repository's git state is cc-ci's, not the recipe's: not worth two git processes per run.
                .configurationParameter("junit.platform.reporting.open.xml.git.enabled", "false")
                .configurationParameter("junit.platform.reporting.output.dir", reports.toString())
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        BadInputSeen badInput = new BadInputSeen();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        try (LauncherSession session = openSessionWithoutFlightRecorder()) {
            session.getLauncher().execute(request, summary, badInput, new CheckLines(out),
                    new LegacyXmlReportGeneratingListener(reports, out));
        }
        TestExecutionSummary result = summary.getSummary();
        out.printf("cc-ci: %d checks and steps: %d passed, %d failed, %d skipped%n", result.getTestsFoundCount(),
                result.getTestsSucceededCount(), result.getTotalFailureCount(), result.getTestsSkippedCount());
        out.flush();
        // The user's fault stays the user's: a ref, repository or recipe that does not exist is bad input.
        System.exit(badInput.seen ? InputCheck.BAD_INPUT : result.getTotalFailureCount() == 0 ? 0 : 1);
    }

    /** Whether a step failed because the input named something that does not exist ({@link BadInputException}). */
    static final class BadInputSeen implements TestExecutionListener {
        volatile boolean seen;

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (result.getThrowable().filter(BadInputException::isIn).isPresent()) {
                seen = true;
            }
        }
    }

    /**
     * The JUnit launcher registers Java Flight Recorder listeners whenever jdk.jfr is present, and
     * initialising JFR's event machinery took 0.3 to 0.7 s of this JVM's start (docs/performance.md)
     * for recordings nobody makes here. Its only switch is the property GraalVM native images set
     * ({@code JfrUtils} skips JFR when it is defined), so it is defined only while the session's
     * launcher is created, and removed right after: nothing else in this JVM sees it (byte-buddy,
     * which AssertJ's soft assertions use, reads it lazily). {@code -Dccci.launcher.jfr=true} keeps
     * the listeners.
     */
    private static LauncherSession openSessionWithoutFlightRecorder() {
        if (Boolean.getBoolean("ccci.launcher.jfr") || System.getProperty(NATIVE_IMAGE_PROPERTY) != null) {
            return LauncherFactory.openSession();
        }
        System.setProperty(NATIVE_IMAGE_PROPERTY, "ccci-launcher-without-jfr");
        try {
            return LauncherFactory.openSession();
        } finally {
            System.clearProperty(NATIVE_IMAGE_PROPERTY);
        }
    }

    private static Map<String, String> options(String[] args) {
        if (args.length != 4 || !"--run-id".equals(args[0]) || !"--reports-dir".equals(args[2])) {
            System.err.println("ccci: RunCommand takes --run-id ID --reports-dir DIR (bin/ccci passes them)");
            System.exit(InputCheck.BAD_INPUT);
        }
        return Map.of(args[0], args[1], args[2], args[3]);
    }
}
