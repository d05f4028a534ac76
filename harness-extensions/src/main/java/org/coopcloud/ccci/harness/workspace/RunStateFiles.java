package org.coopcloud.ccci.harness.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a run shares with its children (tier hooks, scripts), keyed by run id AND pid, never by
 * app domain: a second run of the same domain does its setup before it blocks on the app lock, and
 * domain-keyed files would be reset or removed under the live first run (the original system's
 * double-{@code !testme} finding). Children never derive these paths; they get them by exact path
 * in the environment.
 */
public record RunStateFiles(Path deployCount, Path opState, Path deps, Path depsSkipReport) {
    public static final String DEPLOY_COUNT_ENV = "CCCI_DEPLOY_COUNT_FILE";
    public static final String OP_STATE_ENV = "CCCI_OP_STATE_FILE";
    public static final String DEPS_ENV = "CCCI_DEPS_FILE";
    public static final String DEPS_SKIP_REPORT_ENV = "CCCI_DEPS_SKIP_REPORT";

    /** The paths for this run and process under {@code directory}; nothing is created yet. */
    public static RunStateFiles in(Path directory, String runId, long pid) {
        String key = runId + "-" + pid;
        return new RunStateFiles(directory.resolve("deploy-count-" + key), directory.resolve("op-state-" + key + ".json"),
                directory.resolve("deps-" + key + ".json"), directory.resolve("deps-skip-" + key + ".txt"));
    }

    /**
     * Writes the initial contents: no deploys, empty op state and deps, and no skip report (a child
     * appends to it when it skips dependency checks).
     */
    public void initialise() throws IOException {
        Files.createDirectories(deployCount.getParent());
        Files.writeString(deployCount, "0");
        Files.writeString(opState, "{}");
        Files.writeString(deps, "{}");
        Files.deleteIfExists(depsSkipReport);
    }

    public void remove() throws IOException {
        for (Path file : List.of(deployCount, opState, deps, depsSkipReport)) {
            Files.deleteIfExists(file);
        }
    }

    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(DEPLOY_COUNT_ENV, deployCount.toString());
        env.put(OP_STATE_ENV, opState.toString());
        env.put(DEPS_ENV, deps.toString());
        env.put(DEPS_SKIP_REPORT_ENV, depsSkipReport.toString());
        return env;
    }
}
