package org.coopcloud.ccci.concurrency.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.RunStore;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * A RunContext with explicit inputs, standing in for the engine's (which computes run id, run
 * directory and domain itself): the extensions under test only read these values, so the
 * concurrency cases do not need the engine's discovery and reporting around them. Events are
 * recorded in memory and, when a sink is given, passed on (helpers write them to their markers).
 */
public final class TestRunContext implements RunContext {
    private final String runId;
    private final Path runDirectory;
    private final String domain;
    private final Map<String, String> parameters;
    private final RunStore store = new RunStore();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> eventSink;

    public TestRunContext(String runId, Path runDirectory, String domain, Map<String, String> parameters,
            Consumer<String> eventSink) {
        this.runId = runId;
        this.runDirectory = runDirectory;
        this.domain = domain;
        this.parameters = Map.copyOf(parameters);
        this.eventSink = eventSink;
    }

    /** Every event emitted so far, as {@code name key=value ...}. */
    public List<String> recordedEvents() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public RunSpec spec() {
        return new RunSpec("demo", Optional.empty(), Optional.of(1), Optional.empty(), Set.of(Stage.values()), false);
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public Path runDirectory() {
        return runDirectory;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public String stack() {
        return domain.replace('.', '_');
    }

    @Override
    public Settings settings() {
        return new Settings() {
            @Override
            public Optional<String> get(String parameter, String envVar) {
                return Optional.ofNullable(parameters.get(parameter)).or(() -> env(envVar));
            }

            @Override
            public Optional<String> env(String envVar) {
                return Optional.ofNullable(envVar == null ? null : System.getenv(envVar)).filter(v -> !v.isBlank());
            }
        };
    }

    @Override
    public RunStore store() {
        return store;
    }

    @Override
    public EventLog events() {
        return (event, fields) -> {
            StringBuilder line = new StringBuilder("EVENT ").append(event);
            new java.util.TreeMap<String, Object>(fields).forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            events.add(line.substring("EVENT ".length()));
            if (eventSink != null) {
                eventSink.accept(line.toString());
            }
        };
    }

    @Override
    public Optional<Class<?>> profileClass() {
        return Optional.empty();
    }

    @Override
    public Set<Stage> plannedStages() {
        return Set.of(Stage.values());
    }

    @Override
    public void recordVersion(Stage stage, String role, String version) {
        // versions do not matter to the concurrency cases
    }
}
