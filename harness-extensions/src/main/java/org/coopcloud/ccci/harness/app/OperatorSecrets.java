package org.coopcloud.ccci.harness.app;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.profile.SecretValues;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The secrets abra leaves to the operator ({@code # generate=false}): a deploy without them fails
 * ("not inserted"). Right after {@code abra app new}, each gets the value of the first of the suite's
 * {@link SecretValues} that supplies one, else a generated value, and the run says which (names only,
 * never a value): a recipe with no suite still gets an honest run.
 */
public final class OperatorSecrets {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AbraCli abra;
    private final List<Class<? extends SecretValues>> suppliers;
    private final EventLog events;
    private final Consumer<String> progress;

    public OperatorSecrets(AbraCli abra, List<Class<? extends SecretValues>> suppliers, EventLog events,
            Consumer<String> progress) {
        this.abra = abra;
        this.suppliers = List.copyOf(suppliers);
        this.events = events;
        this.progress = progress;
    }

    /** Inserts every {@code generate=false} secret of the app's .env. */
    public void insert(String domain, AppEnv env) throws Exception {
        for (AppEnv.Secret secret : env.secretsAbraDoesNotGenerate()) {
            Optional<String> supplied = Optional.empty();
            for (Class<? extends SecretValues> values : suppliers) {
                supplied = ReflectionSupport.newInstance(values).value(secret.name());
                if (supplied.isPresent()) {
                    break;
                }
            }
            abra.secretInsert(domain, secret.name(), secret.version(), supplied.orElseGet(OperatorSecrets::generated));
            progress.accept("== secret " + secret.name() + " (" + secret.version() + ") is generate=false in the recipe: inserted "
                    + (supplied.isPresent() ? "the suite's value" : "a generated value (no suite supplies one)") + " ==");
            events.emit("secret.inserted", Map.of("name", secret.name(), "version", secret.version(),
                    "source", supplied.isPresent() ? "suite" : "generated"));
        }
    }

    private static String generated() {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return value.toString();
    }
}
