package org.coopcloud.ccci.harness.abra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.AppFailureException;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.coopcloud.ccci.harness.process.Command;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AbraCli} against the real stand-in {@code sandbox/abra} on the real swarm, with a run's
 * {@code ABRA_DIR} (see {@link StandInWorkspace}). Each test makes its own demo-web app under
 * {@code abt-<6 hex>.adapter.test} and the workspace removes all of it with the docker CLI, whatever
 * happened. Fails, never skips, without the sandbox.
 */
class AbraCliStandInTest {
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    @RegisterExtension
    final StandInWorkspace world = new StandInWorkspace();
    private final String domain = world.domain();
    private final String stack = world.stack();
    private AbraCli abra;

    @BeforeEach
    void setUp() {
        abra = world.abra();
    }

    @Test
    void pinnedAppNewDeployBackupRestoreUndeployRemove() throws Exception {
        abra.appNew(StandInWorkspace.RECIPE, Optional.of("1.0.0+1.0"), domain, false);
        assertThat(Files.readString(world.envFile(domain))).contains("TYPE=demo-web:1.0.0+1.0", "DOMAIN=" + domain);
        assertThat(StandInWorkspace.secretsOf(stack)).as("--secrets generated the app's secret")
                .containsExactly(stack + "_api_token_v1");
        // abra's status of an app that is not deployed is "unknown".
        assertThat(app()).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo("unknown"));

        abra.deploy(domain, Optional.empty(), false);
        assertThat(app()).contains(new AbraApp("default", "demo-web", domain, "deployed", "1.0.0+1.0", false));
        String store = awaitRunning("store");

        exec(store, "echo before-backup > /data/abt-marker");
        String id = abra.backupCreate(domain);
        assertThat(id).as("the id, without the terminal's \\r or anything else")
                .matches("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}");
        assertThat(StandInWorkspace.sandboxDir().resolve("backups").resolve(stack).resolve(id).resolve("manifest.json"))
                .exists();

        exec(store, "echo after-backup > /data/abt-marker");
        abra.restore(domain);
        String restored = awaitRunning("store");
        assertThat(exec(restored, "cat /data/abt-marker").strip()).isEqualTo("before-backup");

        abra.undeploy(domain);
        assertThat(app()).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo("unknown"));
        assertThat(SwarmTestSupport.lines("docker", "service", "ls", "--format", "{{.Name}}", "--filter",
                "label=com.docker.stack.namespace=" + stack)).isEmpty();

        abra.remove(domain);
        assertThat(world.envFile(domain)).doesNotExist();
        assertThat(app()).isEmpty();
        assertThat(StandInWorkspace.remains(stack)).isEmpty();
    }

    @Test
    void chaosAppNewAndChaosDeployUseTheWorkingTree() throws Exception {
        abra.appNew(StandInWorkspace.RECIPE, Optional.empty(), domain, true);
        String head = git("rev-parse", "--short=8", "HEAD");
        assertThat(Files.readString(world.envFile(domain))).contains("TYPE=demo-web:" + head);

        abra.deploy(domain, Optional.empty(), true);
        // A chaos deploy keeps the version label the recipe's compose declares (its last release).
        assertThat(app()).contains(new AbraApp("default", "demo-web", domain, "deployed", "1.1.0+1.1", true));
        assertThat(git("rev-parse", "--short=8", "origin/main"))
                .as("chaos deployed the fetched default branch head, the PR head").isEqualTo(head);
    }

    @Test
    void aDeployAbraRefusesIsTheAppsFailureWithAbrasStderr() throws Exception {
        abra.appNew(StandInWorkspace.RECIPE, Optional.of("1.0.0+1.0"), domain, false);
        Files.writeString(world.recipeCheckout().resolve("untracked-by-the-pr.txt"), "dirty\n");

        assertThatThrownBy(() -> abra.deploy(domain, Optional.of("1.1.0+1.1"), false))
                .isInstanceOf(AppFailureException.class)
                .hasMessageStartingWith("abra refused to deploy " + domain + ": ")
                .hasMessageContaining("has locally unstaged changes");
        assertThat(app()).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo("unknown"));
    }

    @Test
    void otherFailuresAreInfrastructureErrorsNamingWhatFailed() throws Exception {
        assertThatThrownBy(() -> abra.undeploy(domain))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("abra could not undeploy " + domain + ": ")
                .hasMessageContaining("does not exist");

        abra.appNew(StandInWorkspace.RECIPE, Optional.of("1.0.0+1.0"), domain, false);
        assertThatThrownBy(() -> abra.appNew(StandInWorkspace.RECIPE, Optional.of("1.0.0+1.0"), domain, false))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("abra could not create the app " + domain + ": ")
                .hasMessageContaining("already exists");
        // These two run under `script`: abra's stderr reaches us through the terminal, yet must be in the message.
        assertThatThrownBy(() -> abra.backupCreate(domain))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("abra could not back up " + domain + ": ")
                .hasMessageContaining(domain + " is not deployed")
                .message().doesNotContain("\r");
        assertThatThrownBy(() -> abra.restore(domain))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("abra could not restore " + domain + ": ")
                .hasMessageContaining(domain + " is not deployed");
    }

    @Test
    void abrasOutputUnderTheTerminalIsRedactedInTheMessage() throws Exception {
        // The stand-in's refusal names the .env path, under the workspace's temp dir: call that name a secret.
        String secret = world.directory().getFileName().toString();
        AbraCli redacting = new AbraCli(StandInWorkspace.STAND_IN.toString(),
                world.runner().withSecrets(List.of(secret)), Duration.ofMinutes(1));
        assertThatThrownBy(() -> redacting.backupCreate(domain))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("app '" + domain + "' does not exist (no ")
                .hasMessageContaining(org.coopcloud.ccci.harness.process.Redactor.MASK)
                .message().doesNotContain(secret);
    }

    @Test
    void recipeFetchClonesIntoTheRunsOwnRecipesDirectory() throws Exception {
        abra.recipeFetch(StandInWorkspace.RECIPE);
        assertThat(world.recipeCheckout().resolve(".git")).isDirectory();
        assertThat(world.recipeCheckout()).startsWith(world.workspace().abraDir());
        assertThat(git("tag", "--list")).contains("1.0.0+1.0", "1.1.0+1.1");
        assertThatThrownBy(() -> abra.recipeFetch("no-such-recipe"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("fetch the recipe no-such-recipe")
                .hasMessageContaining("not in the catalogue");
    }

    private Optional<AbraApp> app() throws InterruptedException {
        List<AbraApp> apps = abra.appList();
        return apps.stream().filter(a -> a.domain().equals(domain)).findFirst();
    }

    private String awaitRunning(String service) {
        return await("a running " + service + " of " + stack).atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
                .until(() -> StandInWorkspace.runningContainers(stack, service), l -> !l.isEmpty()).get(0);
    }

    private static String exec(String container, String script) throws InterruptedException {
        SwarmTestSupport.CliResult result = SwarmTestSupport.run("docker", "exec", container, "sh", "-c", script);
        assertThat(result.exitCode()).as("docker exec %s: %s", script, result.output()).isZero();
        return result.output();
    }

    private String git(String... args) throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", world.recipeCheckout().toString()));
        command.addAll(List.of(args));
        var result = world.runner().run(Command.of(command));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout().strip();
    }
}
