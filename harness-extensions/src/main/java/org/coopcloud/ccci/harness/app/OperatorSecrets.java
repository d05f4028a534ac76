package org.coopcloud.ccci.harness.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.profile.RecipeLocalFile;
import org.coopcloud.ccci.harness.profile.SecretValues;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The secrets abra leaves to the operator ({@code # generate=false}): a deploy without them fails
 * ("not inserted"). Right after {@code abra app new}, each gets the value of the first of the suite's
 * {@link SecretValues} that supplies one, else the content of the operator's file the recipe-local
 * file names for it (in the operator's secrets directory, {@code CCCI_SECRETS_DIR}), else a generated
 * value, and the run says which (names only, never a value): a recipe with no suite still gets an
 * honest run.
 */
public final class OperatorSecrets {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String SECRETS_DIR_PARAMETER = "ccci.secrets.dir";
    public static final String SECRETS_DIR_ENV = "CCCI_SECRETS_DIR";
    public static final String DEFAULT_SECRETS_DIR = "/etc/cc-ci/secrets";

    private final AbraCli abra;
    private final List<Class<? extends SecretValues>> suppliers;
    private final EventLog events;
    private final Consumer<String> progress;
    private final Map<String, String> operatorFiles;
    private final Path secretsDirectory;

    public OperatorSecrets(AbraCli abra, List<Class<? extends SecretValues>> suppliers, EventLog events,
            Consumer<String> progress) {
        this(abra, suppliers, Map.of(), Path.of(DEFAULT_SECRETS_DIR), events, progress);
    }

    /**
     * @param operatorFiles    secret name -> the name of the operator's file with its value (the recipe-local file's
     *                         {@code secrets}); a file name, never a path, so a PR cannot pick a file of the host
     * @param secretsDirectory the operator's directory of such files on the CI host
     */
    public OperatorSecrets(AbraCli abra, List<Class<? extends SecretValues>> suppliers, Map<String, String> operatorFiles,
            Path secretsDirectory, EventLog events, Consumer<String> progress) {
        this.abra = abra;
        this.suppliers = List.copyOf(suppliers);
        this.operatorFiles = Map.copyOf(operatorFiles);
        this.secretsDirectory = secretsDirectory;
        this.events = events;
        this.progress = progress;
    }

    /** The operator's secrets directory: {@code ccci.secrets.dir}, env {@code CCCI_SECRETS_DIR}, else the default. */
    public static Path secretsDirectory(Settings settings) {
        return Path.of(settings.get(SECRETS_DIR_PARAMETER, SECRETS_DIR_ENV).orElse(DEFAULT_SECRETS_DIR));
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
            String source = "suite";
            String said = "the suite's value";
            String fileName = operatorFiles.get(secret.name());
            if (supplied.isEmpty() && fileName != null) {
                Path file = secretsDirectory.resolve(fileName);
                supplied = readOperatorFile(file);
                source = "operator-file";
                said = supplied.isPresent() ? "the value of the operator's file " + file + " (named in the recipe's "
                        + RecipeLocalFile.NAME + ")"
                        : "a generated value: the operator's file " + file + " that the recipe's " + RecipeLocalFile.NAME
                                + " names is missing (" + SECRETS_DIR_ENV + " sets the directory)";
            }
            if (supplied.isEmpty()) {
                source = "generated";
                said = fileName != null ? said : "a generated value (no suite supplies one)";
            }
            abra.secretInsert(domain, secret.name(), secret.version(), supplied.orElseGet(OperatorSecrets::generated));
            progress.accept("== secret " + secret.name() + " (" + secret.version() + ") is generate=false in the recipe: inserted "
                    + said + " ==");
            events.emit("secret.inserted", Map.of("name", secret.name(), "version", secret.version(), "source", source));
        }
    }

    /** The file's content without its final newline; empty when it is missing or not a readable regular file. */
    private static Optional<String> readOperatorFile(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return Optional.empty();
        }
        String value = Files.readString(file);
        if (value.endsWith("\n")) {
            value = value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1));
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String generated() {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return value.toString();
    }
}
