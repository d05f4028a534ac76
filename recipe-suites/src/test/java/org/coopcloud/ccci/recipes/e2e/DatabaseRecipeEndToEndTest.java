package org.coopcloud.ccci.recipes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertNothingLeft;
import static org.coopcloud.ccci.recipes.e2e.Harness.assertWholeLadderPassed;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * demo-pg end to end, the recipe with a real database (PostgreSQL, a pg_dump backup pre-hook, a
 * schema migration at 1.2.0), with its good head and its bad heads (sandbox/README.md). Each run
 * takes only the rungs its case needs (a whole ladder is about 70 s here); every run leaves nothing.
 */
class DatabaseRecipeEndToEndTest {
    private static final Map<String, String> QUICK_TIMEOUT = Map.of("CCCI_DEPLOY_TIMEOUT_SECONDS", "90");
    private static final String DUMP = "/var/lib/postgresql/data/backup.sql";

    @TempDir
    Path work;

    @Test
    void theGoodHeadMigratesTheSeededNotesBacksUpTheDumpRestoresItAndPassesItsChecks() throws Exception {
        Harness.Finished run = new Harness(work).run("pg-ladder", Map.of(), "demo-pg", "--pr", "41");

        assertWholeLadderPassed(run);
        // Upgraded across the schema change of 1.2.0, and the recipe's own upgrade checks ran.
        assertThat(((Map<?, ?>) run.rung("upgrade").get("versions")).get("from")).isEqualTo("1.1.0+1.1");
        assertThat(run.output()).contains("the app applied schema migration 2 at start")
                .contains("the notes table has moved the text from value to body");
        // One backup was enough: the probe found the seeded note in a complete dump the first time.
        assertThat(run.count("backup.created")).isEqualTo(1);
        assertThat(run.count("backup.probe.failed")).isZero();
        assertNothingLeft(run.stack());
    }

    @Test
    void postgresKeepsWorkingWithAVolumeMarkerInItsDataDirectoryWhenTheSuitesSeedIsLeftOut() throws Exception {
        // The generic check a recipe without a suite gets: the marker goes into PostgreSQL's data
        // directory (the volume's root is PGDATA) once the base converged, and the upgraded database
        // must start on it, migrate, and answer queries (the app's health) with the marker intact.
        Harness.Finished run = new Harness(work).run("pg-markers", Map.of("CCCI_DATA_CHECK", "volume-markers"), "demo-pg",
                "--stages", "install,upgrade,backup,restore");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.event("markers.placed")).containsEntry("volumes", run.stack() + "_postgres");
        assertThat(run.rung("upgrade")).containsEntry("status", "pass").containsEntry("data_check", "volume-markers");
        assertThat(run.output()).contains("the app applied schema migration 2 at start");
        assertThat(run.rung("backup")).containsEntry("status", "pass");
        // Its backup labels keep only the dump: a marker cannot come back, so the restore is unchecked, not passed.
        assertThat(run.rung("restore")).containsEntry("status", "unverified");
        assertThat(String.valueOf(run.rung("restore").get("reason")))
                .contains("its backup holds only backup.sql (backupbot.backup.volumes.postgres.path)");
        assertNothingLeft(run.stack());
    }

    @Test
    void aMigrationThatDropsTheNotesFailsTheUpgradeOnTheSeededNote() throws Exception {
        Harness.Finished run = new Harness(work).run("pg-migration-loss", QUICK_TIMEOUT, "demo-pg",
                "--ref", "pr-migration-dataloss", "--pr", "42", "--stages", "install,upgrade");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("install")).containsEntry("status", "pass");
        assertThat(run.rung("upgrade")).containsEntry("status", "fail").containsEntry("failure_kind", "app");
        assertThat(String.valueOf(run.rung("upgrade").get("reason"))).contains("the seeded note ccci-seed")
                .contains("but was: \"\"");
        assertThat(run.results()).containsEntry("level", 1);
        assertNothingLeft(run.stack());
    }

    @Test
    void aTruncatedDumpThatBackupCreateAcceptsFailsTheBackupRungNamingTheDump() throws Exception {
        Harness.Finished run = new Harness(work).run("pg-truncated-dump", QUICK_TIMEOUT, "demo-pg",
                "--ref", "pr-truncated-dump", "--pr", "43", "--stages", "install,backup,restore");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("install")).containsEntry("status", "pass");
        assertThat(run.rung("backup")).containsEntry("status", "fail").containsEntry("failure_kind", "app");
        assertThat(String.valueOf(run.rung("backup").get("reason"))).contains("the dump " + DUMP)
                .contains("is truncated: 1024 bytes").contains("3 backups taken");
        // abra's backup create succeeded every time: only the probe saw the loss, on each of the bounded attempts.
        assertThat(run.count("backup.created")).isEqualTo(3);
        assertThat(run.count("backup.probe.failed")).isEqualTo(3);
        assertThat(run.rung("restore")).containsEntry("status", "unverified")
                .containsEntry("reason", "not run: backup failed");
        assertNothingLeft(run.stack());
    }

    @Test
    void aDumpCutShortOnceIsTakenAgainAndTheSecondBackupPassesAndRestores() throws Exception {
        Harness.Finished run = new Harness(work).run("pg-flaky-dump", QUICK_TIMEOUT, "demo-pg",
                "--ref", "pr-flaky-dump", "--pr", "45", "--stages", "install,backup,restore");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.rung("backup")).containsEntry("status", "pass");
        assertThat(run.rung("restore")).containsEntry("status", "pass");
        // The flaky capture was seen, said, and taken again, within the bound.
        assertThat(run.count("backup.created")).isEqualTo(2);
        assertThat(run.count("backup.probe.failed")).isEqualTo(1);
        assertThat(run.events().stream().filter(e -> "backup.probe.failed".equals(e.get("event")))
                .map(e -> String.valueOf(e.get("reason"))).findFirst().orElseThrow())
                .contains("the dump " + DUMP).contains("is truncated");
        assertNothingLeft(run.stack());
    }

    @Test
    void aRestorePostHookThatDoesNotLoadTheDumpFailsTheRestoreRung() throws Exception {
        Harness.Finished run = new Harness(work).run("pg-restore-noload", QUICK_TIMEOUT, "demo-pg",
                "--ref", "pr-restore-noload", "--pr", "44", "--stages", "install,backup,restore");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.rung("backup")).containsEntry("status", "pass");
        assertThat(run.rung("restore")).containsEntry("status", "fail").containsEntry("failure_kind", "app");
        assertThat(String.valueOf(run.rung("restore").get("reason"))).contains("the seeded note ccci-seed")
                .contains("but was: \"changed-ccci-");
        assertNothingLeft(run.stack());
    }
}
