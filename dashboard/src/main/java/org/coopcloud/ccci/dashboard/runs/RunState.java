package org.coopcloud.ccci.dashboard.runs;

/** How much of a run directory could be read. */
public enum RunState {
    /** results.json is there and readable. */
    COMPLETE,
    /** No results.json yet, and the run's event log is still being written on this host. */
    RUNNING,
    /** No results.json, and nothing is writing it any more (a run killed before its teardown). */
    INCOMPLETE,
    /** results.json is there but cannot be read (damaged, cut short, or a schema this dashboard does not know). */
    MALFORMED
}
