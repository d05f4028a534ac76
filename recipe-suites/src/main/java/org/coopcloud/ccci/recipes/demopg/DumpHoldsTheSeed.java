package org.coopcloud.ccci.recipes.demopg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.ExecResult;
import org.coopcloud.ccci.harness.profile.BackupProbe;

/**
 * Proves demo-pg's backup holds the data: backupbot captures {@code backup.sql}, the dump the
 * pre-hook wrote into the database volume, so right after the backup that file is what was backed
 * up. Read-only: stat, tail and grep in the db container (never the app's, which has no shell, and
 * no shell at all). The dump must be non-empty, end with pg_dump's closing line (a dump cut short by
 * a cycling database or a broken hook has none), and hold the seeded note.
 */
public final class DumpHoldsTheSeed implements BackupProbe {
    static final String DUMP = "/var/lib/postgresql/data/backup.sql";
    static final String CLOSING_LINE = "-- PostgreSQL database dump complete";

    @Override
    public void check(RecipeApp app, String backupId, Optional<String> seeded) throws Exception {
        String what = "the dump " + DUMP + " captured by backup " + backupId;
        ExecResult size = app.exec("db", "stat", "-c", "%s", DUMP);
        assertThat(size.succeeded()).as("%s is not there: %s", what, size.stderr().strip()).isTrue();
        long bytes = Long.parseLong(size.stdout().strip());
        assertThat(bytes).as("%s is empty (0 bytes)", what).isPositive();
        ExecResult tail = app.exec("db", "tail", "-c", "512", DUMP);
        assertThat(tail.stdout()).as("%s is truncated: %d bytes, without pg_dump's closing line '%s'", what, bytes,
                CLOSING_LINE).contains(CLOSING_LINE);
        if (seeded.isPresent()) {
            ExecResult note = app.exec("db", "grep", "-c", "-F", seeded.get(), DUMP);
            assertThat(note.stdout().strip()).as("%s (%d bytes, complete) does not hold the seeded note %s", what,
                    bytes, seeded.get()).isNotIn("", "0");
        }
    }
}
