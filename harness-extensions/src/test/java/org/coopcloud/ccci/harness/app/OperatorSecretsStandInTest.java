package org.coopcloud.ccci.harness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.abra.StandInWorkspace;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.coopcloud.ccci.harness.profile.SecretValues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OperatorSecrets} on the real stand-in with demo-pub, whose {@code admin_token} is
 * {@code # generate=false}: a suite's value reaches the app's container; without one, a generated
 * value is inserted and the run says so; a value is never in a progress line or an event.
 */
class OperatorSecretsStandInTest {
    static final String SUPPLIED = "suite-supplied-" + Long.toHexString(System.nanoTime());

    /** A suite's supplier: only admin_token. */
    public static final class AdminToken implements SecretValues {
        @Override
        public Optional<String> value(String name) {
            return name.equals("admin_token") ? Optional.of(SUPPLIED) : Optional.empty();
        }
    }

    @RegisterExtension
    final StandInWorkspace world = new StandInWorkspace();
    private final String domain = world.domain();
    private final String stack = world.stack();
    private final List<String> progress = new ArrayList<>();
    private final List<Map<String, ?>> events = new ArrayList<>();
    private AbraCli abra;

    @BeforeEach
    void setUp() throws Exception {
        abra = world.abra();
        abra.appNew("demo-pub", Optional.empty(), domain, false);
    }

    private OperatorSecrets secrets(List<Class<? extends SecretValues>> suppliers) {
        return new OperatorSecrets(abra, suppliers, (event, fields) -> events.add(Map.of("event", event, "fields", fields)),
                progress::add);
    }

    @Test
    void aSuitesValueIsWhatTheAppGets() throws Exception {
        secrets(List.of(AdminToken.class)).insert(domain, new AppEnv(world.envFile(domain)));
        assertThat(StandInWorkspace.secretsOf(stack)).contains(stack + "_admin_token_v1");
        assertThat(progress).singleElement().asString().contains("admin_token", "the suite's value").doesNotContain(SUPPLIED);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.get("event")).isEqualTo("secret.inserted"));
        assertThat(String.valueOf(events.get(0).get("fields"))).contains("source=suite", "name=admin_token");

        abra.deploy(domain, Optional.empty(), false);
        String app = await().atMost(Duration.ofSeconds(90)).until(
                () -> StandInWorkspace.runningContainers(stack, "app"), ids -> ids.size() == 1).get(0);
        assertThat(SwarmTestSupport.lines("docker", "exec", app, "cat", "/run/secrets/admin_token")).containsExactly(SUPPLIED);
    }

    @Test
    void withoutASuiteAGeneratedValueIsInsertedAndSaid() throws Exception {
        secrets(List.of()).insert(domain, new AppEnv(world.envFile(domain)));
        assertThat(StandInWorkspace.secretsOf(stack)).contains(stack + "_admin_token_v1", stack + "_db_password_v1");
        assertThat(progress).singleElement().asString().contains("admin_token", "a generated value (no suite supplies one)");
        assertThat(String.valueOf(events.get(0).get("fields"))).contains("source=generated");
    }

    @Test
    void anOperatorsFileNamedInTheRecipeLocalFileIsWhatTheAppGets(@TempDir Path secretsDir)
            throws Exception {
        String fromFile = "operator-file-" + Long.toHexString(System.nanoTime());
        Files.writeString(secretsDir.resolve("demo-pub-admin-token"), fromFile + "\n");
        new OperatorSecrets(abra, List.of(), Map.of("admin_token", "demo-pub-admin-token"), secretsDir,
                (event, fields) -> events.add(Map.of("event", event, "fields", fields)), progress::add)
                .insert(domain, new AppEnv(world.envFile(domain)));
        assertThat(progress).singleElement().asString().contains("admin_token", "the operator's file "
                + secretsDir.resolve("demo-pub-admin-token"), ".cc-ci.yml").doesNotContain(fromFile);
        assertThat(String.valueOf(events.get(0).get("fields"))).contains("source=operator-file").doesNotContain(fromFile);

        abra.deploy(domain, Optional.empty(), false);
        String app = await().atMost(Duration.ofSeconds(90)).until(
                () -> StandInWorkspace.runningContainers(stack, "app"), ids -> ids.size() == 1).get(0);
        assertThat(SwarmTestSupport.lines("docker", "exec", app, "cat", "/run/secrets/admin_token"))
                .as("the file's content without its final newline").containsExactly(fromFile);
    }

    @Test
    void aMissingOperatorsFileGetsAGeneratedValueAndTheRunSaysWhichFileWasMissing(@TempDir Path secretsDir)
            throws Exception {
        new OperatorSecrets(abra, List.of(), Map.of("admin_token", "not-there"), secretsDir,
                (event, fields) -> events.add(Map.of("event", event, "fields", fields)), progress::add)
                .insert(domain, new AppEnv(world.envFile(domain)));
        assertThat(progress).singleElement().asString().contains("a generated value", secretsDir.resolve("not-there")
                + " that the recipe's .cc-ci.yml names is missing", "CCCI_SECRETS_DIR");
        assertThat(String.valueOf(events.get(0).get("fields"))).contains("source=generated");
    }
}
