package org.coopcloud.ccci.engine.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the fixture tiers and extensions were called with, in call order, and the failures a test
 * asks them to produce. Static because the engine instantiates fixtures itself; every test resets
 * it first.
 */
public final class Journal {
    private static final List<String> ENTRIES = new ArrayList<>();
    private static final Set<String> FAILURES = new HashSet<>();
    private static volatile Runnable onCheck = () -> { };

    private Journal() {
    }

    public static synchronized void reset() {
        ENTRIES.clear();
        FAILURES.clear();
        onCheck = () -> { };
    }

    public static synchronized void record(String entry) {
        ENTRIES.add(entry);
    }

    public static synchronized List<String> entries() {
        return List.copyOf(ENTRIES);
    }

    public static synchronized List<String> entriesStartingWith(String prefix) {
        return ENTRIES.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    /** Makes the named point fail (for example "beforeRun:FirstProbe" or "check:install.converged"). */
    public static synchronized void failAt(String point) {
        FAILURES.add(point);
    }

    /** Asked for in this JVM, or, for subprocess launches, in the system property ccci.test.fail (comma-separated). */
    public static synchronized boolean shouldFail(String point) {
        return FAILURES.contains(point)
                || java.util.Arrays.asList(System.getProperty("ccci.test.fail", "").split(",")).contains(point);
    }

    /** Runs the action whenever a check starts (used to abort a run mid-tier). */
    public static void onCheck(Runnable action) {
        onCheck = action;
    }

    public static void checkStarted() {
        onCheck.run();
    }
}
