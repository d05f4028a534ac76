package org.coopcloud.ccci.harness.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.RunStore;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierContext;

/**
 * A plain implementation of the engine's {@link RunContext} (and {@link TierContext} through
 * {@link #tier}) for tests of harness classes that only read a run's settings, store and profile
 * class. Not a mock: the engine's own implementations are internal to the engine module and come
 * with a whole test plan, while these interfaces are the SPI the harness is written against, so a
 * second, honest implementation of them is the smallest real thing that exercises these classes.
 * Settings are a map keyed by parameter name (and by env var name, for env-only lookups); the store
 * is the engine's real {@link RunStore}.
 */
public final class TestRun implements RunContext {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final RunStore store = new RunStore();
    private final List<String> events = new ArrayList<>();
    private final Class<?> profileClass;
    private final Path runDirectory;
    private boolean quick;

    public TestRun(Class<?> profileClass, Path runDirectory) {
        this.profileClass = profileClass;
        this.runDirectory = runDirectory;
    }

    public TestRun() {
        this(null, Path.of("/nonexistent/run"));
    }

    /** Makes it a quick-lane run ({@code --quick}). */
    public TestRun quick() {
        quick = true;
        return this;
    }

    /** Sets a configuration value, under its parameter name or env var name. */
    public TestRun with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** What was emitted and recorded, one line each: {@code <event> <fields>}, {@code version <stage> <role> <v>}. */
    public List<String> recorded() {
        return events;
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
        return "test-run";
    }

    @Override
    public Path runDirectory() {
        return runDirectory;
    }

    @Override
    public String domain() {
        return RunNaming.domain("demo-web", Optional.empty(), Optional.empty(), "unit.test");
    }

    @Override
    public String stack() {
        return RunNaming.stack(domain());
    }

    @Override
    public Settings settings() {
        return new Settings() {
            @Override
            public Optional<String> get(String parameter, String envVar) {
                return Optional.ofNullable(settings.get(parameter)).or(() -> env(envVar)).filter(v -> !v.isBlank());
            }

            @Override
            public Optional<String> env(String envVar) {
                return Optional.ofNullable(envVar == null ? null : settings.get(envVar)).filter(v -> !v.isBlank());
            }
        };
    }

    @Override
    public RunStore store() {
        return store;
    }

    @Override
    public EventLog events() {
        return (event, fields) -> events.add(event + " " + fields);
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
        events.add("version " + stage.id() + " " + role + " " + version);
    }
}
