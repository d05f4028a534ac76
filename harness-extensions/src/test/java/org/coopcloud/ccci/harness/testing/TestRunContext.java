package org.coopcloud.ccci.harness.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.RunStore;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierContext;

/**
 * Test double of the engine's {@link RunContext} (and {@link TierContext} through {@link #tier}):
 * a run with explicit inputs, for tests of harness classes that only read a run's identity,
 * settings, store and profile class and emit events. It serves harness-extensions' own tests and,
 * through that module's test-jar, the concurrency suite's helper processes. Not a mock: the
 * engine's own implementation computes run id, run directory and domain itself, is internal to
 * the engine module and comes with a whole test plan, while these interfaces are the SPI the
 * harness is written against, so a second, honest implementation of them is the smallest real
 * thing that exercises those classes. The store is the engine's real {@link RunStore}.
 *
 * <p>Settings are a map keyed by parameter name (and by env var name, for env-only lookups); blank
 * values count as unset. Env var lookups reach the process environment only after
 * {@link #readingProcessEnvironment()} (helper JVMs get their lock directory that way), so unit
 * tests do not depend on the developer's environment.
 */
public final class TestRunContext implements RunContext {
    private final String runId;
    private final Path runDirectory;
    private final String domain;
    private final Class<?> profileClass;
    private final Map<String, String> settings = new ConcurrentHashMap<>();
    private final RunStore store = new RunStore();
    private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());
    private boolean quick;
    private boolean processEnvironment;
    private Consumer<String> eventSink = line -> { };

    private TestRunContext(String runId, Path runDirectory, String domain, Class<?> profileClass) {
        this.runId = runId;
        this.runDirectory = runDirectory;
        this.domain = domain;
        this.profileClass = profileClass;
    }

    /** A demo-web run with the given profile class (null: none) and run directory. */
    public TestRunContext(Class<?> profileClass, Path runDirectory) {
        this("test-run", runDirectory, RunNaming.domain("demo-web", Optional.empty(), Optional.empty(), "unit.test"),
                profileClass);
    }

    /** A demo-web run without profile class, whose run directory does not exist. */
    public TestRunContext() {
        this(null, Path.of("/nonexistent/run"));
    }

    /** A run with the identity the engine would have computed: run id, run directory, app domain. */
    public static TestRunContext identifiedAs(String runId, Path runDirectory, String domain) {
        return new TestRunContext(runId, runDirectory, domain, null);
    }

    /** Makes it a quick-lane run ({@code --quick}). */
    public TestRunContext quick() {
        quick = true;
        return this;
    }

    /** Sets a configuration value, under its parameter name or env var name. */
    public TestRunContext with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Sets configuration values, as {@link #with} each. */
    public TestRunContext withAll(Map<String, String> values) {
        settings.putAll(values);
        return this;
    }

    /** Lets env var lookups that the map does not answer fall through to this process's environment. */
    public TestRunContext readingProcessEnvironment() {
        processEnvironment = true;
        return this;
    }

    /** Passes every emitted event on as a line {@code EVENT <event> <key>=<value> ...} (keys sorted). */
    public TestRunContext passingEventsTo(Consumer<String> sink) {
        eventSink = sink;
        return this;
    }

    /**
     * What was emitted and recorded, one line each: {@code <event> <key>=<value> ...} (keys sorted),
     * {@code version <stage> <role> <v>}.
     */
    public List<String> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    public TierContext tier(Stage stage) {
        RunContext run = this;
        return new TierContext() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public RunContext run() {
                return run;
            }
        };
    }

    @Override
    public RunSpec spec() {
        return new RunSpec("demo-web", Optional.empty(), Optional.empty(), Optional.empty(), EnumSet.allOf(Stage.class), quick);
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
        return RunNaming.stack(domain);
    }

    @Override
    public Settings settings() {
        return new Settings() {
            @Override
            public Optional<String> get(String parameter, String envVar) {
                return Optional.ofNullable(settings.get(parameter)).filter(v -> !v.isBlank()).or(() -> env(envVar));
            }

            @Override
            public Optional<String> env(String envVar) {
                if (envVar == null) {
                    return Optional.empty();
                }
                return Optional.ofNullable(settings.get(envVar))
                        .or(() -> Optional.ofNullable(processEnvironment ? System.getenv(envVar) : null))
                        .filter(v -> !v.isBlank());
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
            StringBuilder line = new StringBuilder(event);
            new TreeMap<String, Object>(fields).forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            recorded.add(line.toString());
            eventSink.accept("EVENT " + line);
        };
    }

    @Override
    public Optional<Class<?>> profileClass() {
        return Optional.ofNullable(profileClass);
    }

    @Override
    public Set<Stage> plannedStages() {
        return EnumSet.allOf(Stage.class);
    }

    @Override
    public void recordVersion(Stage stage, String role, String version) {
        recorded.add("version " + stage.id() + " " + role + " " + version);
    }
}
