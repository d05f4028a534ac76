package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.await;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.docker;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.dockerLines;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.read;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.recipes.sandbox.Sandbox.Result;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives the real abra stand-in ({@code sandbox/abra}) against the real swarm: one demo-web app
 * through new, deploy, HTTP round trip, backup and restore, pinned upgrade, chaos deploy, the
 * clean-tree rule, refusals, undeploy and remove, then checks nothing of its stack is left.
 * The methods run in order on one app; {@link StandInApp#close()} removes the stack even when a step fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbraStandInTest {
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    @AutoClose
    private final StandInApp app = new StandInApp("standin");
    private final List<Result> outputs = new ArrayList<>();

    @BeforeAll
    void setUp() throws IOException {
        app.open();
    }

    @Test
    @Order(1)
    void newWritesTheEnvFileAndGeneratesSecrets() {
        Result r = abra("app", "new", "demo-web", "1.0.0+1.0", "--domain", app.domain, "--server", "default",
                "--secrets", "--no-input");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(app.envFile()).isRegularFile();
        String env = read(app.envFile());
        assertThat(env.lines().findFirst()).contains("TYPE=demo-web:1.0.0+1.0");
        assertThat(env).contains("DOMAIN=" + app.domain + "\n").contains("SECRET_API_TOKEN_VERSION=v1");
        assertThat(secretsOfStack()).containsExactly(app.stack + "_api_token_v1");
        assertThat(git("describe", "--tags", "--exact-match")).isEqualTo("1.0.0+1.0");

        Result again = abra("app", "new", "demo-web", "--domain", app.domain, "--server", "default", "--no-input");
        assertThat(again.exit()).as("a second app new on the same domain").isNotZero();
        assertThat(again.err()).contains("already exists");
    }

    @Test
    @Order(2)
    void pinnedDeployConvergesWithLabels() {
        Result r = abra("app", "deploy", app.domain, "--force", "--no-input", "--no-converge-checks");
        assertThat(r.exit()).as(r.describe()).isZero();
        // The labels are on the spec when deploy returns, before any convergence.
        Map<String, String> labels = appLabels();
        assertThat(labels)
                .containsEntry("coop-cloud." + app.stack + ".recipe", "demo-web")
                .containsEntry("coop-cloud." + app.stack + ".version", "1.0.0+1.0")
                .containsEntry("coop-cloud." + app.stack + ".chaos", "false")
                .as("a pinned deploy sets no chaos-version, as abra's").doesNotContainKey("coop-cloud." + app.stack + ".chaos-version");
        assertThat(read(app.envFile()).lines().findFirst()).contains("TYPE=demo-web:1.0.0+1.0");
        awaitConverged();
        assertThat(dockerLines("service", "ls", "--filter", "label=com.docker.stack.namespace=" + app.stack, "--format", "{{.Name}}"))
                .containsExactlyInAnyOrder(app.stack + "_app", app.stack + "_store");
        assertThat(dockerLines("service", "inspect", app.stack + "_store", "--format", "{{.Spec.EndpointSpec.Mode}}"))
                .containsExactly("dnsrr");
    }

    @Test
    @Order(3)
    void roundTripThroughBothServicesWithTheSecret() {
        assertThat(http("health")).isEqualTo("ok");
        assertThat(http("version")).isEqualTo("1.0.0+1.0");
        assertThat(http("roundtrip?key=rt&value=there-and-back")).isEqualTo("roundtrip ok rt=there-and-back");
        assertThat(http("get?key=rt")).isEqualTo("there-and-back");
        // The secret is used for real: the store refuses a request without the token.
        Result noToken = docker("exec", container("store"), "sh", "-c",
                "timeout 5 wget -q -O- 'http://127.0.0.1:8080/cgi-bin/kv/get?key=rt'");
        assertThat(noToken.exit()).isNotZero();
        assertThat(noToken.err()).contains("403");
    }

    @Test
    @Order(4)
    void backupThenChangeThenRestoreBringsTheDataBack() {
        assertThat(http("put?key=seed&value=before-backup")).isEqualTo("before-backup");
        Result backup = abra("app", "backup", "create", app.domain, "--no-input");
        assertThat(backup.exit()).as(backup.describe()).isZero();
        String id = backup.out().trim();
        assertThat(id).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
        assertThat(Sandbox.sandboxDir().resolve("backups/" + app.stack + "/" + id + "/manifest.json")).isRegularFile();

        assertThat(http("put?key=seed&value=changed")).isEqualTo("changed");
        assertThat(http("put?key=later&value=after-backup")).isEqualTo("after-backup");
        String storeBefore = container("store");

        Result restore = abra("app", "restore", app.domain, "--no-input");
        assertThat(restore.exit()).as(restore.describe()).isZero();
        assertThat(restore.err()).contains(id);
        // backup-bot-two restores into the live volume: nothing is stopped, scaled or restarted.
        assertThat(container("store")).as("the store's container after the restore").isEqualTo(storeBefore);
        awaitConverged();
        assertThat(http("get?key=seed")).isEqualTo("before-backup");
        assertThat(http("get?key=later")).as("a file written after the backup stays (restic restores over it)")
                .isEqualTo("after-backup");
        assertThat(http("health")).isEqualTo("ok");
    }

    @Test
    @Order(5)
    void pinnedUpgradeThenChaosDeployOfTheHead() {
        Result up = abra("app", "deploy", app.domain, "1.1.0+1.1", "--force", "--no-input", "--no-converge-checks");
        assertThat(up.exit()).as(up.describe()).isZero();
        assertThat(appLabels()).containsEntry("coop-cloud." + app.stack + ".version", "1.1.0+1.1")
                .containsEntry("coop-cloud." + app.stack + ".chaos", "false");
        awaitConverged();
        assertThat(http("version")).isEqualTo("1.1.0+1.1");
        assertThat(http("get?key=seed")).as("data survives the upgrade").isEqualTo("before-backup");
        assertThat(read(app.envFile()).lines().findFirst()).contains("TYPE=demo-web:1.1.0+1.1");

        // The PR head: the working tree as is, never re-checked out.
        git("checkout", "-q", "-f", "main");
        String head = git("rev-parse", "--short=8", "HEAD");
        Result chaos = abra("app", "deploy", app.domain, "--chaos", "--force", "--no-input", "--no-converge-checks");
        assertThat(chaos.exit()).as(chaos.describe()).isZero();
        assertThat(appLabels()).containsEntry("coop-cloud." + app.stack + ".chaos", "true")
                .containsEntry("coop-cloud." + app.stack + ".chaos-version", head)
                .as("a chaos deploy keeps the version its compose declares").containsEntry("coop-cloud." + app.stack + ".version", "1.1.0+1.1");
        assertThat(git("rev-parse", "--short=8", "HEAD")).as("chaos leaves the checkout alone").isEqualTo(head);
        awaitConverged();
        assertThat(http("version")).isEqualTo("1.2.0+1.2");
        assertThat(http("get?key=seed")).isEqualTo("before-backup");
    }

    @Test
    @Order(6)
    void aDirtyTreeIsRefusedForPinnedVersionsButChaosDeploysIt() throws IOException {
        Files.writeString(app.recipeDir("demo-web").resolve("README.md"), "\nlocal edit\n", java.nio.file.StandardOpenOption.APPEND);
        String before = appLabels().get("coop-cloud." + app.stack + ".version");
        Result pinned = abra("app", "deploy", app.domain, "1.1.0+1.1", "--force", "--no-input", "--no-converge-checks");
        assertThat(pinned.exit()).isNotZero();
        assertThat(pinned.err()).contains("has locally unstaged changes");
        assertThat(appLabels().get("coop-cloud." + app.stack + ".version")).as("nothing deployed").isEqualTo(before);

        Result chaos = abra("app", "deploy", app.domain, "--chaos", "--force", "--no-input", "--no-converge-checks");
        assertThat(chaos.exit()).as(chaos.describe()).isZero();
        assertThat(appLabels().get("coop-cloud." + app.stack + ".chaos-version")).isEqualTo(git("rev-parse", "--short=8", "HEAD") + "+U");
        git("checkout", "-q", "-f", "main");
        awaitConverged();
    }

    @Test
    @Order(7)
    void unsupportedCommandsAndFlagsAreRefused() {
        for (String[] args : List.of(
                new String[] {"app", "cmd", app.domain, "app", "whatever"},
                new String[] {"app", "deploy", app.domain, "--bogus"},
                new String[] {"recipe", "lint", "demo-web"},
                new String[] {"app", "backup", "list", app.domain},
                new String[] {"server", "add", "--local"},
                new String[] {"app", "deploy", app.domain, "1.1.0+1.1", "--chaos"})) {
            Result r = abra(args);
            assertThat(r.exit()).as(r.describe()).isNotZero();
            assertThat(r.err()).as(r.describe()).contains("refused");
        }
        assertThat(appLabels().get("coop-cloud." + app.stack + ".chaos")).as("nothing deployed by refusals").isEqualTo("true");
    }

    @Test
    @Order(8)
    void appLsReportsTheDeployedApp() throws IOException {
        Result r = abra("app", "ls", "--status", "--machine", "--no-input");
        assertThat(r.exit()).as(r.describe()).isZero();
        Map<String, Object> all = JSON.std.mapFrom(r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> server = (Map<String, Object>) all.get("default");
        assertThat(server).isNotNull().containsEntry("appCount", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> listed = ((List<Map<String, Object>>) server.get("apps")).get(0);
        assertThat(listed).containsEntry("domain", app.domain).containsEntry("appName", app.domain)
                .containsEntry("recipe", "demo-web").containsEntry("status", "deployed")
                .containsEntry("chaos", "true").containsEntry("server", "default")
                .containsEntry("version", "1.1.0+1.1").containsEntry("upgrade", "latest")
                .containsKeys("chaosVersion", "version");
        assertThat(listed.values()).allSatisfy(v -> assertThat(v).isInstanceOf(String.class));
    }

    @Test
    @Order(9)
    void undeployAndRemoveLeaveNothingOfTheStack() {
        String token = docker("exec", container("store"), "cat", "/run/secrets/api_token").out().trim();
        assertThat(token).hasSize(32);

        Result undeploy = abra("app", "undeploy", app.domain, "--no-input");
        assertThat(undeploy.exit()).as(undeploy.describe()).isZero();
        // undeploy waits for docker's asynchronous stack rm.
        assertThat(residue("service", "ls")).isEmpty();
        assertThat(residue("ps", "-a")).isEmpty();
        assertThat(residue("network", "ls")).isEmpty();
        assertThat(residue("volume", "ls")).as("undeploy keeps volumes").hasSize(2);
        assertThat(secretsOfStack()).as("undeploy keeps secrets").hasSize(1);

        Result again = abra("app", "undeploy", app.domain, "--no-input");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("not deployed");

        Result remove = abra("app", "remove", app.domain, "--force", "--no-input");
        assertThat(remove.exit()).as(remove.describe()).isZero();
        assertThat(app.envFile()).doesNotExist();
        assertThat(app.leftovers()).allSatisfy((kind, names) -> assertThat(names).as(kind).isEmpty());
        assertThat(secretsOfStack()).isEmpty();
        assertThat(dockerLines("config", "ls", "--format", "{{.Name}}")).noneMatch(n -> n.startsWith(app.stack + "_"));

        // As real abra, `app new --secrets` prints the generated value on stdout (so an operator can keep
        // it), and no other output of any stand-in call holds it.
        assertThat(outputs.get(0).command()).contains("new", "--secrets");
        assertThat(outputs.get(0).out()).contains(token);
        assertThat(outputs.subList(1, outputs.size())).isNotEmpty()
                .allSatisfy(o -> assertThat(o.out() + o.err()).doesNotContain(token));
        assertThat(outputs.get(0).err()).doesNotContain(token);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Result abra(String... args) {
        Result r = app.abra(args);
        outputs.add(r);
        return r;
    }

    private String git(String... args) {
        return Sandbox.git(app.recipeDir("demo-web"), args);
    }

    private Map<String, String> appLabels() {
        return Sandbox.appLabels(app.stack);
    }

    private void awaitConverged() {
        Sandbox.awaitConverged(app.stack, List.of("app", "store"), CONVERGE);
    }

    private String container(String service) {
        return Sandbox.runningContainer(app.stack, service);
    }

    /** GET /cgi-bin/app/{op} inside the app's task (retried briefly: a fresh task may still be starting). */
    private String http(String op) {
        Result[] last = new Result[1];
        return await("HTTP 200 from /cgi-bin/app/" + op, Duration.ofSeconds(20), () -> {
            last[0] = docker("exec", container("app"), "sh", "-c",
                    "timeout 5 wget -q -O- 'http://127.0.0.1:8080/cgi-bin/app/" + op + "'");
            return last[0].ok() ? last[0].out().trim() : null;
        }, () -> last[0] == null ? "no answer" : last[0].describe());
    }

    private List<String> residue(String... listing) {
        return app.byStackLabel(listing);
    }

    private List<String> secretsOfStack() {
        return app.secrets();
    }
}
