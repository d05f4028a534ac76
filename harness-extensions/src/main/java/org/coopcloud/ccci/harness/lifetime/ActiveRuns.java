package org.coopcloud.ccci.harness.lifetime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.coopcloud.ccci.engine.api.EventLog;

/**
 * The event logs of the runs in progress in this process, so a signal or the deadline (which
 * arrive on their own threads, outside any run) can be recorded in every run's events.jsonl.
 */
final class ActiveRuns {
    private static final Set<EventLog> LOGS = ConcurrentHashMap.newKeySet();

    private ActiveRuns() {
    }

    static void add(EventLog log) {
        LOGS.add(log);
    }

    static void remove(EventLog log) {
        LOGS.remove(log);
    }

    /**
     * The logs of the runs in progress now. Taken before an abort is requested: the abort starts
     * teardown at once, and a run that finishes meanwhile must still get the event that ended it.
     */
    static List<EventLog> snapshot() {
        return List.copyOf(LOGS);
    }

    static void emit(List<EventLog> logs, String event, Map<String, ?> fields) {
        for (EventLog log : logs) {
            try {
                log.emit(event, fields);
            } catch (RuntimeException e) {
                // An unwritable event log must not stop the abort; the log line already said it.
            }
        }
    }
}
