package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipe with no suite in recipe-suites, laid out like a published one (demo-pub: chained
 * COMPOSE_FILE, the proxy network, traefik labels on 8080, its version label in compose, the app's
 * health depending on the db by service name, backupbot labels with ${ENABLE_BACKUPS:-true}, a
 * generate=false secret), run by {@code bin/ccci run} with zero configuration on the sandbox.
 */
class ZeroConfigEndToEndTest {
    @TempDir
    Path work;

    @Test
    void aRecipeWithNoSuiteGetsAnHonestRunThroughTheIngressAndAbrasSecretOutputIsNeverKept() throws Exception {
        Harness harness = new Harness(work);
        // abra prints generated secret values on `app new --secrets`: a wrapper keeps a private copy of
        // that output (the test's knowledge of the values), then hands it on to the harness unchanged.
        Path capture = Files.createFile(work.resolve("abra-new-stdout"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Path wrapper = work.resolve("abra-tee");
        Files.writeString(wrapper, """
                #!/bin/sh
                # Test wrapper around the sandbox's abra stand-in: keeps a copy of `app new`'s stdout.
                if [ "$1 $2" = "app new" ]; then
                  out=$("%s" "$@"); rc=$?
                  printf '%%s\\n' "$out" >> "%s"
                  printf '%%s\\n' "$out"
                  exit $rc
                fi
                exec "%s" "$@"
                """.formatted(Harness.ROOT.resolve("sandbox/abra"), capture, Harness.ROOT.resolve("sandbox/abra")));
        wrapper.toFile().setExecutable(true);
        String ingress = new String(new ProcessBuilder(Harness.ROOT.resolve("sandbox/sandbox").toString(), "ingress-url")
                .start().getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        Harness.Finished run = harness.run("zero-config", Map.of("CCCI_ABRA", wrapper.toString(), "CCCI_INGRESS", ingress),
                "demo-pub", "--pr", "31");

        assertThat(run.status()).as(run.output()).isZero();
        // No suite and no data seed: the data checks are cc-ci's own markers in the db's volume.
        assertThat(run.results()).as(run.output()).containsEntry("level", 3);
        assertThat(run.rung("install")).containsEntry("status", "pass").containsEntry("data_check", null);
        assertThat(run.rung("backup")).as("backup from its labels").containsEntry("status", "pass");
        assertThat(run.rung("upgrade")).containsEntry("status", "pass").containsEntry("data_check", "volume-markers");
        assertThat(run.rung("restore")).containsEntry("status", "pass").containsEntry("data_check", "volume-markers");
        assertThat(run.rung("custom")).as("no custom checks: unverified, never passed").containsEntry("status", "unverified");
        assertThat(run.event("markers.placed")).containsEntry("volumes", run.stack() + "_db-data");
        // The sandbox's ingress applies no middleware: the report names demo-pub's as not checked.
        assertThat((List<?>) run.results().get("not_checked")).singleElement().asString()
                .startsWith("middlewares " + run.stack() + "-sts of router " + run.stack()).contains("not checked");
        assertThat(run.output()).contains("not checked: middlewares " + run.stack() + "-sts");
        assertThat(run.output()).contains("data checked by volume markers");
        assertThat(run.output()).contains("through the ingress answered 200",
                "secret admin_token (v1) is generate=false in the recipe: inserted a generated value");
        assertThat(run.events()).anySatisfy(e -> assertThat(e).containsEntry("event", "secret.inserted")
                .containsEntry("name", "admin_token").containsEntry("source", "generated"));

        // The landing page, photographed through the ingress after install passed.
        assertThat(run.results()).containsEntry("screenshot", "app-screenshot.png");
        byte[] png = Files.readAllBytes(harness.runs().resolve("zero-config").resolve("app-screenshot.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');

        Harness.assertNothingLeft(run.stack());

        // Every value abra printed appears in no log, report, event or message the run left.
        List<String> values = new ArrayList<>();
        for (String line : Files.readAllLines(capture)) {
            String[] cols = line.strip().split("\\s+");
            if (cols.length == 2 && !cols[0].equals("NAME")) {
                values.add(cols[1]);
            }
        }
        assertThat(values).as("values abra printed (install and the upgrade base each made the app)").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(v -> assertThat(v).hasSize(24));
        List<Path> files;
        try (Stream<Path> all = Files.walk(harness.runs())) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("files the run left").hasSizeGreaterThan(3);
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String value : values) {
                assertThat(text).as("%s holds a secret value abra printed", file).doesNotContain(value);
            }
        }
    }

    @Test
    void aHeadWhoseUpgradeEmptiesAVolumeFailsUpgradeAsTheRecipesFaultByTheMarkers() throws Exception {
        Harness.Finished run = new Harness(work).run("zero-config-empties-volume", Map.of(),
                "demo-pub", "--ref", "pr-empties-volume", "--stages", "install,upgrade");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        Map<String, Object> upgrade = run.rung("upgrade");
        assertThat(upgrade).containsEntry("status", "fail").containsEntry("failure_kind", "app")
                .containsEntry("data_check", "volume-markers");
        assertThat(String.valueOf(upgrade.get("reason"))).contains("data lost across the upgrade",
                run.stack() + "_db-data no longer holds .cc-ci-marker");
        Harness.assertNothingLeft(run.stack());
    }

    @Test
    void withNoVariableSetTheSameRecipeWithItsTraefikPortWrongFailsInstallNamingTheRouting() throws Exception {
        Harness.Finished run = new Harness(work).run("zero-config-wrong-port",
                Map.of("CCCI_ABRA", "", "CCCI_INGRESS", "", "CCCI_DEPLOY_TIMEOUT_SECONDS", "60"),
                "demo-pub", "--ref", "pr-wrong-port", "--stages", "install");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("ccci: abra: " + Harness.ROOT.resolve("sandbox/abra")
                + " (no abra on the PATH and the sandbox is up: the sandbox's stand-in", "ccci: ingress: http://127.0.0.1:");
        Map<String, Object> install = run.rung("install");
        assertThat(install).containsEntry("status", "fail").containsEntry("failure_kind", "app");
        assertThat(String.valueOf(install.get("reason"))).contains("the routing to the app failed");
        // The rung carries the cause's one line; the cause's lines keep the whole reason, port and all.
        assertThat(String.valueOf(((Map<?, ?>) run.results().get("cause")).get("lines")))
                .contains("the routing to the app failed", "loadbalancer.server.port=80");
        assertThat(run.results()).as("no screenshot of an install that failed").doesNotContainKey("screenshot");
        Harness.assertNothingLeft(run.stack());
    }

    @Test
    void aScreenshotThatCannotBeTakenNeverChangesTheVerdict() throws Exception {
        Harness.Finished run = new Harness(work).run("zero-config-no-browser", Map.of("CCCI_CHROMIUM", "/bin/false"),
                "demo-pub", "--stages", "install");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.results()).containsEntry("verdict", "passed").doesNotContainKey("screenshot");
        assertThat(run.events()).anySatisfy(e -> assertThat(e).containsEntry("event", "screenshot.failed")
                .hasEntrySatisfying("reason", r -> assertThat(String.valueOf(r)).contains("/bin/false")));
        Harness.assertNothingLeft(run.stack());
    }
}
