package org.coopcloud.ccci.engine.config;

import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.Constants;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * {@code bin/ccci run} ({@link org.coopcloud.ccci.engine.launch.RunCommand}) calls this before it
 * starts the launcher, so bad input ends with exit status 2 and a message naming each bad field,
 * before anything is created. It reads the same env vars the engine falls back to.
 */
public final class InputCheck {
    public static final int BAD_INPUT = 2;

    private InputCheck() {
    }

    public static void main(String[] args) {
        int status = check();
        if (status != 0) {
            System.exit(status);
        }
    }

    public static int check() {
        EngineSettings settings = new EngineSettings(NoParameters.INSTANCE);
        try {
            RunInputs inputs = RunInputs.read(settings);
            if (inputs.recipe().isEmpty()) {
                System.err.println("ccci: no recipe given: bin/ccci run <recipe> (or set " + Constants.RECIPE_ENV + ")");
                return BAD_INPUT;
            }
            return 0;
        } catch (InvalidInputException e) {
            e.problems().forEach(problem -> System.err.println("ccci: invalid input: " + problem));
            return BAD_INPUT;
        }
    }

    /** No configuration parameters: only the environment speaks here. */
    private enum NoParameters implements ConfigurationParameters {
        INSTANCE;

        @Override
        public Optional<String> get(String key) {
            return Optional.empty();
        }

        @Override
        public Optional<Boolean> getBoolean(String key) {
            return Optional.empty();
        }

        @Override
        public Set<String> keySet() {
            return Set.of();
        }
    }
}
