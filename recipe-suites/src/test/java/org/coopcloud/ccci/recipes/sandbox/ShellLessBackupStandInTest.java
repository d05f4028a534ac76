package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.coopcloud.ccci.recipes.sandbox.Sandbox.Result;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Backups as backup-bot-two takes them, on the real swarm: a backup-labelled service whose image has
 * no shell and no tar (the sandbox's {@code ccci/python3-psycopg2:3.11}) and no hook labels backs up
 * and restores, because the stand-in reads and writes its volume from a helper container outside it
 * and runs hooks only where labels declare them (a second service declares all of them). demo-pub with
 * its db swapped for these services in the app's working tree (a chaos deploy takes the tree as it is).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShellLessBackupStandInTest {
    private static final Duration CONVERGE = Duration.ofSeconds(120);
    /** A db answering /ping like demo-pub's, in python only; it keeps a file in its volume. */
    private static final String SHELL_LESS_DB = """
            version: "3.8"
            services:
              db:
                image: ccci/python3-psycopg2:3.11
                user: "0"
                command:
                  - "-c"
                  - "import os, functools, http.server as h; os.makedirs('/srv', exist_ok=True); open('/srv/ping', 'w').write('pong'); h.ThreadingHTTPServer(('', 8081), functools.partial(h.SimpleHTTPRequestHandler, directory='/srv')).serve_forever()"
                volumes:
                  - db-data:/data
                networks:
                  - internal
                deploy:
                  labels:
                    backupbot.backup: "true"
              hooked:
                image: ccci/busybox:1
                init: true
                command: ["sleep", "3600"]
                volumes:
                  - hooked-data:/h
                networks:
                  - internal
                deploy:
                  labels:
                    backupbot.backup: "true"
                    backupbot.backup.pre-hook: "echo pre > /h/backup-pre"
                    backupbot.restore.pre-hook: "echo restore-pre > /h/restore-pre"
                    backupbot.restore.post-hook: "cat /h/restore-pre > /h/restore-post"
            volumes:
              db-data:
              hooked-data:
            """;

    @AutoClose
    private final StandInApp app = new StandInApp("shellless");

    @BeforeAll
    void setUp() throws IOException {
        app.open();
    }

    @Test
    @Order(1)
    void aBackupLabelledServiceWithNoShellDeploys() throws IOException {
        Result created = app.abra("app", "new", "demo-pub", "--domain", app.domain, "--server", "default", "--secrets",
                "--chaos", "--no-input");
        assertThat(created.exit()).as(created.describe()).isZero();
        Files.writeString(app.recipeDir("demo-pub").resolve("compose.db.yml"), SHELL_LESS_DB);
        java.nio.file.Path value = Files.createTempFile("ccci-shellless-", "");
        try {
            Files.writeString(value, "a-token-for-this-test");
            Result token = app.abra("app", "secret", "insert", app.domain, "admin_token", "v1", value.toString(), "--file",
                    "--no-input");
            assertThat(token.exit()).as(token.describe()).isZero();
        } finally {
            Files.deleteIfExists(value);
        }
        Result deployed = app.abra("app", "deploy", app.domain, "--chaos", "--no-input", "--no-converge-checks");
        assertThat(deployed.exit()).as(deployed.describe()).isZero();
        Sandbox.awaitConverged(app.stack, List.of("app", "db", "hooked"), CONVERGE);

        String db = Sandbox.runningContainer(app.stack, "db");
        assertThat(docker("exec", db, "sh", "-c", "true").exit()).as("the db has no shell").isNotZero();
        assertThat(docker("exec", db, "tar", "--version").exit()).as("the db has no tar").isNotZero();
    }

    @Test
    @Order(2)
    void itBacksUpFromOutsideAndRestoresExactly() {
        writeInVolume("notes.txt", "kept by the backup");
        Result backup = app.abra("app", "backup", "create", app.domain, "--no-input");
        assertThat(backup.exit()).as(backup.describe()).isZero();
        assertThat(backup.err()).as("no hook label on the db, no hook run in it").doesNotContain("hook of " + app.stack + "_db ");

        writeInVolume("notes.txt", "changed after the backup");
        Result restore = app.abra("app", "restore", app.domain, "--no-input");
        assertThat(restore.exit()).as(restore.describe()).isZero();

        assertThat(readInVolume("notes.txt")).isEqualTo("kept by the backup");
    }

    @Test
    @Order(3)
    void hooksRunInTheServiceWhereLabelsDeclareThemTheRestorePreHookBeforeTheFilesGoBack() {
        // The backup pre-hook's file went into the backup; the restore pre-hook ran before the post-hook.
        Result files = docker("exec", Sandbox.runningContainer(app.stack, "hooked"), "cat", "/h/backup-pre", "/h/restore-post");
        assertThat(files.exit()).as(files.describe()).isZero();
        assertThat(files.out()).isEqualTo("pre\nrestore-pre\n");
    }

    private void writeInVolume(String file, String text) {
        Result r = docker("run", "--rm", "--network", "none", "-v", app.stack + "_db-data:/d", "ccci/busybox:1",
                "sh", "-c", "printf '%s' \"$0\" > /d/" + file, text);
        assertThat(r.exit()).as(r.describe()).isZero();
    }

    private String readInVolume(String file) {
        Result r = docker("run", "--rm", "--network", "none", "-v", app.stack + "_db-data:/d", "ccci/busybox:1", "cat", "/d/" + file);
        assertThat(r.exit()).as(r.describe()).isZero();
        return r.out();
    }
}
