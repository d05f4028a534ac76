package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.docker;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.dockerLines;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.read;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
 * The sandbox as a Co-op Cloud server, with a recipe laid out like a published one (demo-pub: chained
 * COMPOSE_FILE, the external proxy network, traefik labels on port 8080, no endpoint_mode, a
 * generate=false secret, backupbot labels with ${ENABLE_BACKUPS:-true}), through the real stand-in and
 * the real ingress (the traefik test double). In order on one app; {@link StandInApp#close()} removes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishedRecipeStandInTest {
    private static final Duration CONVERGE = Duration.ofSeconds(120);

    @AutoClose
    private final StandInApp app = new StandInApp("pub");
    private String ingress;
    private String generatedPassword;

    @BeforeAll
    void setUp() throws IOException {
        app.open();
        ingress = Sandbox.run(Map.of(), Duration.ofSeconds(10), Sandbox.SANDBOX.toString(), "ingress-url").out().strip();
    }

    @Test
    @Order(1)
    void newReplacesTheSampleDomainEverywhereAndPrintsTheGeneratedValuesButSkipsGenerateFalse() {
        Result r = abra("app", "new", "demo-pub", "--domain", app.domain, "--server", "default", "--secrets", "--no-input");
        assertThat(r.exit()).as(r.describe()).isZero();
        String env = read(app.envFile());
        assertThat(env).doesNotContain("demo-pub.example.com")
                .contains("DOMAIN=" + app.domain + "\n", "#EXTRA_DOMAINS=', `www." + app.domain + "`'");
        assertThat(Sandbox.secretsOf(app.stack)).as("generate=false is not generated").containsExactly(app.stack + "_db_password_v1");
        assertThat(r.err()).contains("admin_token is generate=false");
        // Like abra: the generated values on stdout, a table of name and value.
        String line = r.out().lines().filter(l -> l.startsWith("db_password")).findFirst().orElseGet(() -> fail(r.describe()));
        generatedPassword = line.split("\\s+")[1];
        assertThat(generatedPassword).hasSize(24);
    }

    @Test
    @Order(2)
    void aDeployWithoutTheGenerateFalseSecretFailsNotInserted() {
        Result r = abra("app", "deploy", app.domain, "--no-input", "--no-converge-checks");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("admin_token", "not inserted");
        assertThat(Sandbox.byStackLabel(app.stack, "service", "ls")).isEmpty();
    }

    @Test
    @Order(3)
    void afterInsertingItThePinnedDeployConvergesByServiceNameAndServesThroughTheIngress() throws IOException {
        Path value = Files.createTempFile("ccci-pub-secret-", "", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(value, "operator-chosen-token");
            Result insert = abra("app", "secret", "insert", app.domain, "admin_token", "v1", value.toString(), "--file", "--no-input");
            assertThat(insert.exit()).as(insert.describe()).isZero();
        } finally {
            Files.delete(value);
        }
        Result r = abra("app", "deploy", app.domain, "--no-input", "--no-converge-checks");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(appLabels()).containsEntry("coop-cloud." + app.stack + ".version", "1.1.0+1.1")
                .containsEntry("coop-cloud." + app.stack + ".chaos", "false")
                .doesNotContainKey("coop-cloud." + app.stack + ".chaos-version");
        // No IPVS here: the stand-in gives the recipe's services dnsrr (the recipe declares no endpoint_mode).
        for (String service : List.of("app", "db")) {
            assertThat(dockerLines("service", "inspect", app.stack + "_" + service, "--format", "{{.Spec.EndpointSpec.Mode}}"))
                    .as("endpoint mode of %s", service).containsExactly("dnsrr");
        }
        // The app's container health asks the db by its service name: converging proves the name resolves and routes.
        Sandbox.awaitConverged(app.stack, List.of("app", "db"), CONVERGE);
        assertThat(docker("exec", Sandbox.runningContainer(app.stack, "db"), "cat", "/run/secrets/db_password").out())
                .as("the value app new printed is the secret's").isEqualTo(generatedPassword);
        assertThat(docker("exec", Sandbox.runningContainer(app.stack, "app"), "cat", "/run/secrets/admin_token").out())
                .isEqualTo("operator-chosen-token");

        String[] page = awaitIngress(app.domain, "200");
        assertThat(page[1]).contains("<h1>demo-pub</h1>", app.domain);
        String[] nobody = get("nobody-" + app.domain);
        assertThat(nobody[0]).isEqualTo("404");
        assertThat(nobody[1]).contains("no traefik router matches Host(`nobody-" + app.domain + "`)");
    }

    @Test
    @Order(4)
    void theIngressFollowsTheLabelsAlone() {
        docker("service", "update", "--detach", "--label-rm", "traefik.enable", app.stack + "_app");
        assertThat(awaitIngress(app.domain, "404")[1]).as("without traefik.enable=true").contains("no traefik router matches");
        docker("service", "update", "--detach", "--label-add", "traefik.enable=true", app.stack + "_app");
        awaitIngress(app.domain, "200");
    }

    @Test
    @Order(5)
    void aFailingPreHookDoesNotFailTheBackupAndRestoreIsLiveWithItsPostHook() {
        String db = Sandbox.runningContainer(app.stack, "db");
        docker("exec", db, "sh", "-c", "echo kept > /data/seed");
        docker("service", "update", "--detach", "--label-add", "backupbot.backup.pre-hook=exit 3",
                "--label-add", "backupbot.restore.post-hook=touch /data/post-hook-ran", app.stack + "_db");
        Result backup = abra("app", "backup", "create", app.domain, "--no-input");
        assertThat(backup.exit()).as(backup.describe()).isZero();
        assertThat(backup.out().strip()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
        assertThat(backup.err()).contains("pre-hook", "failed");

        String dbNow = Sandbox.runningContainer(app.stack, "db");
        docker("exec", dbNow, "sh", "-c", "echo changed > /data/seed");
        Result restore = abra("app", "restore", app.domain, "--no-input");
        assertThat(restore.exit()).as(restore.describe()).isZero();
        assertThat(Sandbox.runningContainer(app.stack, "db")).as("restore restarts nothing").isEqualTo(dbNow);
        assertThat(docker("exec", dbNow, "cat", "/data/seed").out().strip()).isEqualTo("kept");
        assertThat(docker("exec", dbNow, "test", "-f", "/data/post-hook-ran").exit()).as("post-hook ran").isZero();
    }

    @Test
    @Order(6)
    void aChaosDeployOfAWrongTraefikPortKeepsTheComposeVersionAndTheIngressNamesTheRouting() {
        Sandbox.git(app.recipeDir("demo-pub"), "checkout", "-q", "-f", "pr-wrong-port");
        String head = Sandbox.git(app.recipeDir("demo-pub"), "rev-parse", "--short=8", "HEAD");
        Result r = abra("app", "deploy", app.domain, "--chaos", "--no-input", "--no-converge-checks");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(appLabels()).containsEntry("coop-cloud." + app.stack + ".chaos", "true")
                .containsEntry("coop-cloud." + app.stack + ".chaos-version", head)
                .as("the version label the recipe's compose declares").containsEntry("coop-cloud." + app.stack + ".version", "1.1.0+1.1");
        Sandbox.awaitConverged(app.stack, List.of("app", "db"), CONVERGE);
        String[] answer = awaitIngress(app.domain, "502");
        assertThat(answer[1]).contains("loadbalancer.server.port=80", "cannot connect to the task");
    }

    @Test
    @Order(7)
    void anImageThatIsNotOnThisHostIsRefusedAsTheSandboxsGap() throws IOException {
        Path compose = app.recipeDir("demo-pub").resolve("compose.db.yml");
        Files.writeString(compose, read(compose).replace("image: ccci/busybox:1", "image: ccci/not-on-this-host:0"));
        String before = appLabels().get("coop-cloud." + app.stack + ".chaos-version");
        Result r = abra("app", "deploy", app.domain, "--chaos", "--no-input", "--no-converge-checks");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("ccci/not-on-this-host:0", "could not be resolved", "no registry");
        assertThat(appLabels().get("coop-cloud." + app.stack + ".chaos-version")).as("nothing deployed").isEqualTo(before);
        Sandbox.git(app.recipeDir("demo-pub"), "checkout", "-q", "-f", "pr-wrong-port");
    }

    @Test
    @Order(8)
    void appLsSaysDeployedThenUnknownAndNothingIsLeft() throws IOException {
        assertThat(status()).isEqualTo("deployed");
        assertThat(abra("app", "undeploy", app.domain, "--no-input").exit()).isZero();
        assertThat(status()).as("abra's status of an app that is not deployed").isEqualTo("unknown");
        assertThat(abra("app", "remove", app.domain, "--force", "--no-input").exit()).isZero();
        assertThat(app.leftovers()).allSatisfy((kind, names) -> assertThat(names).as(kind).isEmpty());
        assertThat(app.secrets()).isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Result abra(String... args) {
        return app.abra(args);
    }

    @SuppressWarnings("unchecked")
    private String status() throws IOException {
        Result r = abra("app", "ls", "-S", "-m", "--no-input");
        assertThat(r.exit()).as(r.describe()).isZero();
        Map<String, Object> server = (Map<String, Object>) JSON.std.mapFrom(r.out()).get("default");
        return String.valueOf(((List<Map<String, Object>>) server.get("apps")).get(0).get("status"));
    }

    private Map<String, String> appLabels() {
        return Sandbox.appLabels(app.stack);
    }

    /** {status, body} of GET / for a Host through the sandbox's ingress, by curl as a user's client. */
    private String[] get(String host) {
        Result r = Sandbox.run(Map.of(), Duration.ofSeconds(20), "curl", "-s", "-m", "10", "-H", "Host: " + host,
                "-w", "\n%{http_code}", ingress + "/");
        String out = r.out();
        int cut = out.lastIndexOf('\n');
        return new String[] {out.substring(cut + 1).strip(), cut < 0 ? "" : out.substring(0, cut)};
    }

    private String[] awaitIngress(String host, String status) {
        String[][] last = new String[1][];
        return Sandbox.await("HTTP " + status + " for Host " + host + " through the ingress", Duration.ofSeconds(60), () -> {
            last[0] = get(host);
            return last[0][0].equals(status) ? last[0] : null;
        }, () -> last[0] == null ? "no answer" : last[0][0] + " " + last[0][1]);
    }
}
