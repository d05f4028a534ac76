package org.coopcloud.ccci.recipes.demopg;

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
        // Plain messages, never the dump's content: a report names the file and what is wrong with it.
        String what = "the dump " + DUMP + " captured by backup " + backupId;
        ExecResult size = app.exec("db", "stat", "-c", "%s", DUMP);
        if (!size.succeeded()) {
            throw new AssertionError(what + " is not there: " + size.stderr().strip());
        }
        long bytes = Long.parseLong(size.stdout().strip());
        if (bytes == 0) {
            throw new AssertionError(what + " is empty (0 bytes)");
        }
        if (!app.exec("db", "tail", "-c", "512", DUMP).stdout().contains(CLOSING_LINE)) {
            throw new AssertionError(what + " is truncated: " + bytes + " bytes, without pg_dump's closing line '"
                    + CLOSING_LINE + "'");
        }
        if (seeded.isPresent()) {
            // grep -c prints the number of matching lines, and exits 1 when it is 0.
            String lines = app.exec("db", "grep", "-c", "-F", seeded.get(), DUMP).stdout().strip();
            if (lines.isEmpty() || lines.equals("0")) {
                throw new AssertionError(what + " (" + bytes + " bytes, complete) does not hold the seeded note "
                        + seeded.get());
            }
        }
    }
}
