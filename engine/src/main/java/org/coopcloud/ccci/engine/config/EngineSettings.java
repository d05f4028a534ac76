package org.coopcloud.ccci.engine.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.coopcloud.ccci.engine.api.Settings;
import org.junit.platform.engine.ConfigurationParameters;

/** {@link Settings} over JUnit's configuration parameters, with the process environment behind. */
public final class EngineSettings implements Settings {
    private final ConfigurationParameters parameters;
    private final Function<String, String> environment;

    public EngineSettings(ConfigurationParameters parameters) {
        this(parameters, System::getenv);
    }

    /** With an explicit environment, so tests can show the fallback without touching the JVM's. */
    public EngineSettings(ConfigurationParameters parameters, Function<String, String> environment) {
        this.parameters = parameters;
        this.environment = environment;
    }

    public static EngineSettings of(ConfigurationParameters parameters, Map<String, String> environment) {
        return new EngineSettings(parameters, environment::get);
    }

    @Override
    public Optional<String> get(String parameter, String envVar) {
        return parameters.get(parameter).map(String::trim).filter(v -> !v.isEmpty())
                .or(() -> envVar == null ? Optional.empty() : env(envVar));
    }

    @Override
    public Optional<String> env(String envVar) {
        return Optional.ofNullable(environment.apply(envVar)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public ConfigurationParameters parameters() {
        return parameters;
    }
}
