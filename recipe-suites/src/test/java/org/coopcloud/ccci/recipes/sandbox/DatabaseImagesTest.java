package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.coopcloud.ccci.recipes.sandbox.Sandbox.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images `sandbox up` builds for demo-pg (sandbox/lib/images.sh), on the real docker daemon:
 * postgres:15 keeps the official image's contract that recipes rely on, and the app image has no
 * shell at all.
 */
class DatabaseImagesTest {
    private static final String POSTGRES = "postgres:15";
    private static final String APP = "ccci/python3-psycopg2:3.11";
    private static final String CONTAINER = "ccci-images-test-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @BeforeAll
    static void sandboxUp() {
        Sandbox.requireSandboxUp();
        assertThat(docker("image", "inspect", POSTGRES).ok()).as("image %s: %s", POSTGRES, Sandbox.UP_HINT).isTrue();
        assertThat(docker("image", "inspect", APP).ok()).as("image %s: %s", APP, Sandbox.UP_HINT).isTrue();
    }

    @AfterEach
    void removeContainer() {
        docker("rm", "-f", "-v", CONTAINER);
    }

    @Test
    void theAppImageHoldsNoShellAndCannotRunOne() {
        Sandbox.Result create = docker("create", "--name", CONTAINER, APP);
        assertThat(create.ok()).as(create.describe()).isTrue();
        Sandbox.Result listing = Sandbox.run(Map.of(), Duration.ofSeconds(60), "sh", "-c",
                "docker export \"$1\" | tar -tf -", "export", CONTAINER);
        assertThat(listing.ok()).as(listing.describe()).isTrue();
        List<String> shells = Arrays.stream(listing.out().split("\n"))
                .filter(p -> p.matches("(.*/)?(sh|bash|dash|ash|busybox)")).toList();
        assertThat(shells).as("shells in %s", APP).isEmpty();
        assertThat(listing.out()).as("python and psycopg2 are there").contains("usr/bin/python3.11")
                .contains("psycopg2/_psycopg");
        Sandbox.Result sh = docker("run", "--rm", "--entrypoint", "/bin/sh", APP, "-c", "true");
        assertThat(sh.ok()).as("running /bin/sh in %s", APP).isFalse();
        Sandbox.Result python = docker("run", "--rm", APP, "-c", "import psycopg2; print(psycopg2.__version__)");
        assertThat(python.ok()).as(python.describe()).isTrue();
        assertThat(python.out()).startsWith("2.");
    }

    @Test
    void postgresIsDebiansBuildUnderTheTagItsVersionHas() {
        Sandbox.Result version = docker("run", "--rm", POSTGRES, "postgres", "--version");
        assertThat(version.ok()).as(version.describe()).isTrue();
        assertThat(version.out()).contains("(PostgreSQL) 15.").contains("Debian");
    }

    @Test
    void anEmptyVolumeWithoutAPasswordIsRefusedAsTheOfficialImageDoes() {
        Sandbox.Result run = docker("run", "--rm", POSTGRES);
        assertThat(run.exit()).as(run.describe()).isEqualTo(1);
        assertThat(run.err()).contains("superuser password is not specified");
    }

    @Test
    void postgresInitialisesFromFileSecretsServesWithThePasswordKeepsItsDataAndStopsFast() throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "pw-" + System.nanoTime());
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        String volume = CONTAINER + "-data";
        try {
            Sandbox.Result started = docker("run", "-d", "--name", CONTAINER, "-v", password + ":/run/secrets/pw:ro",
                    "-v", volume + ":/var/lib/postgresql/data", "-e", "POSTGRES_USER=notes",
                    "-e", "POSTGRES_PASSWORD_FILE=/run/secrets/pw", "-e", "POSTGRES_DB=notes", POSTGRES);
            assertThat(started.ok()).as(started.describe()).isTrue();
            awaitReady();
            assertThat(docker("logs", CONTAINER).out()).contains("PostgreSQL init process complete");
            // From another address than loopback (initdb trusts loopback, as in the official image) the
            // password is required: the right one works, a wrong one does not.
            Sandbox.Result right = docker("exec", CONTAINER, "bash", "-c",
                    "PGPASSWORD=$(cat /run/secrets/pw) psql -h $(hostname -i) -U notes -d notes -Atc "
                            + "'CREATE TABLE t (v text); INSERT INTO t VALUES (repeat(chr(107), 3)); SELECT current_user'");
            assertThat(right.out().strip()).as(right.describe()).endsWith("\nnotes");
            Sandbox.Result wrong = docker("exec", CONTAINER, "bash", "-c",
                    "PGPASSWORD=wrong psql -h $(hostname -i) -U notes -d notes -Atc 'SELECT 1'");
            assertThat(wrong.ok()).as("a wrong password from the network").isFalse();
            assertThat(wrong.err()).contains("password authentication failed");
            // docker stop's SIGTERM becomes PostgreSQL's fast shutdown: well within stop's 10 s.
            long t0 = System.nanoTime();
            assertThat(docker("stop", CONTAINER).ok()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
            assertThat(docker("logs", CONTAINER).err()).contains("database system is shut down");
            assertThat(docker("inspect", "--format", "{{.State.ExitCode}}", CONTAINER).out().strip()).isEqualTo("0");
            // Started again on the initialised volume: no init, the data is there.
            assertThat(docker("start", CONTAINER).ok()).isTrue();
            awaitReady();
            assertThat(docker("logs", CONTAINER).out()).contains("Skipping initialization");
            Sandbox.Result kept = docker("exec", CONTAINER, "psql", "-U", "notes", "-d", "notes", "-Atc", "SELECT v FROM t");
            assertThat(kept.out().strip()).as(kept.describe()).isEqualTo("kkk");
        } finally {
            docker("rm", "-f", CONTAINER);
            docker("volume", "rm", "-f", volume);
        }
    }

    private static void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> docker("exec", CONTAINER, "pg_isready", "-h", "127.0.0.1", "-U", "notes", "-d", "notes").ok());
    }
}
