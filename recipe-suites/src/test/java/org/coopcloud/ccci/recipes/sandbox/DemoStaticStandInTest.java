package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.await;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.docker;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.dockerLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.coopcloud.ccci.recipes.sandbox.Sandbox.Result;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * demo-static through the real stand-in: it cannot deploy until the install step writes
 * SITE_TITLE into the .env; then it serves; it has no backupbot labels and leaves nothing behind.
 */
class DemoStaticStandInTest {
    @AutoClose
    private final StandInApp app = new StandInApp("static");

    @BeforeEach
    void setUp() throws IOException {
        app.open();
    }

    @Test
    void needsTheInstallStepThenServesAndLeavesNothing() throws IOException {
        Result created = abra("app", "new", "demo-static", "--domain", app.domain, "--server", "default", "--secrets", "--no-input");
        assertThat(created.exit()).as(created.describe()).isZero();
        Path env = app.envFile();
        assertThat(Files.readString(env).lines().findFirst()).contains("TYPE=demo-static:1.1.0+1.1");

        Result bare = abra("app", "deploy", app.domain, "--no-input", "--no-converge-checks");
        assertThat(bare.exit()).as("deploy before the install step").isNotZero();
        assertThat(bare.err()).contains("SITE_TITLE must be set");
        assertThat(byLabel("service", "ls")).as("nothing deployed").isEmpty();

        // The install step a suite's hook does after `app new`, before deploy.
        Files.writeString(env, "SITE_TITLE=Sandbox-" + app.stack + "\n", StandardOpenOption.APPEND);
        Result deploy = abra("app", "deploy", app.domain, "--no-input", "--no-converge-checks");
        assertThat(deploy.exit()).as(deploy.describe()).isZero();
        assertThat(dockerLines("service", "inspect", app.stack + "_app", "--format", "{{json .Spec.Labels}}").get(0))
                .contains("\"coop-cloud." + app.stack + ".version\":\"1.1.0+1.1\"")
                .doesNotContain("backupbot");

        String page = await("the page", Duration.ofSeconds(60), () -> {
            List<String> ids = dockerLines("ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + app.stack + "_app",
                    "--filter", "health=healthy");
            if (ids.size() != 1) {
                return null;
            }
            Result r = docker("exec", ids.get(0), "sh", "-c",
                    "timeout 5 wget -q -O- http://127.0.0.1:8080/ && timeout 5 wget -q -O- http://127.0.0.1:8080/version.txt");
            return r.ok() ? r.out() : null;
        }, () -> String.join("; ", dockerLines("service", "ps", "--no-trunc", "--format", "{{.CurrentState}} {{.Error}}", app.stack + "_app")));
        assertThat(page).contains("<title>Sandbox-" + app.stack + "</title>").contains("1.1.0+1.1");

        Result backup = abra("app", "backup", "create", app.domain, "--no-input");
        assertThat(backup.exit()).as("no backup-capable service").isNotZero();
        assertThat(backup.err()).contains("backupbot.backup=true");

        assertThat(abra("app", "undeploy", app.domain, "--no-input").exit()).isZero();
        assertThat(abra("app", "remove", app.domain, "--force", "--no-input").exit()).isZero();
        assertThat(app.leftovers()).allSatisfy((kind, names) -> assertThat(names).as(kind).isEmpty());
        assertThat(env).doesNotExist();
    }

    private Result abra(String... args) {
        return app.abra(args);
    }

    private List<String> byLabel(String... listing) {
        return app.byStackLabel(listing);
    }
}
