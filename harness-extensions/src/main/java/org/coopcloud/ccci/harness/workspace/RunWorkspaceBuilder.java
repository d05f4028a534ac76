package org.coopcloud.ccci.harness.workspace;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Builds a run's workspace on disk before any abra call:
 * <pre>
 * &lt;run dir&gt;/abra/servers    -&gt; &lt;canonical&gt;/servers    (app .env files stay where every tool finds them)
 * &lt;run dir&gt;/abra/catalogue  -&gt; &lt;canonical&gt;/catalogue  (read-mostly)
 * &lt;run dir&gt;/abra/recipes/                            (this run's own checkouts)
 * &lt;run dir&gt;/state/...-&lt;run id&gt;-&lt;pid&gt;                 (run-scoped state files)
 * </pre>
 * Idempotent: a run id that comes again (a Drone restart) finds its links in place. A
 * {@code servers} or {@code catalogue} that is not our link is refused rather than replaced.
 */
public final class RunWorkspaceBuilder {
    private static final String SERVERS = "servers";
    private static final String CATALOGUE = "catalogue";

    private final Path canonicalAbraDir;

    public RunWorkspaceBuilder(Path canonicalAbraDir) {
        this.canonicalAbraDir = canonicalAbraDir.toAbsolutePath().normalize();
    }

    public RunWorkspace build(String runId, Path runDirectory, long pid) throws IOException {
        // abra stops with "directory is empty" on an empty servers/: make sure the local server exists.
        Files.createDirectories(canonicalAbraDir.resolve(SERVERS).resolve("default"));
        Path abraDir = runDirectory.toAbsolutePath().resolve("abra");
        Files.createDirectories(abraDir.resolve("recipes"));
        link(abraDir.resolve(SERVERS), canonicalAbraDir.resolve(SERVERS));
        link(abraDir.resolve(CATALOGUE), canonicalAbraDir.resolve(CATALOGUE));
        RunStateFiles state = RunStateFiles.in(runDirectory.toAbsolutePath().resolve("state"), runId, pid);
        state.initialise();
        return new RunWorkspace(runId, runDirectory.toAbsolutePath(), abraDir, state);
    }

    private static void link(Path link, Path target) throws IOException {
        if (Files.isSymbolicLink(link)) {
            if (Files.readSymbolicLink(link).equals(target)) {
                return;
            }
            Files.delete(link); // canonical dir moved (another CCCI_ABRA_HOME): follow it
        } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(link.toString(), null,
                    "expected a symlink to " + target + "; refusing to replace what is there");
        }
        Files.createSymbolicLink(link, target);
    }
}
