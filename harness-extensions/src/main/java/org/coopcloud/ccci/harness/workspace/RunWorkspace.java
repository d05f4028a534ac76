package org.coopcloud.ccci.harness.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run's private corner of the host: its own {@code ABRA_DIR} (so two runs of the same recipe
 * never share a recipe checkout), its state files, and its deploy count. Found by other extensions
 * in the run's store. {@link #childEnvironment()} is what every child process of the run gets.
 */
public final class RunWorkspace {
    public static final String ABRA_DIR_ENV = "ABRA_DIR";

    private final String runId;
    private final Path runDirectory;
    private final Path abraDir;
    private final RunStateFiles stateFiles;
    private final DeployCountGuard deploys;

    RunWorkspace(String runId, Path runDirectory, Path abraDir, RunStateFiles stateFiles) {
        this.runId = runId;
        this.runDirectory = runDirectory;
        this.abraDir = abraDir;
        this.stateFiles = stateFiles;
        this.deploys = new DeployCountGuard(stateFiles.deployCount());
    }

    public String runId() {
        return runId;
    }

    public Path runDirectory() {
        return runDirectory;
    }

    /** {@code <run dir>/abra}: servers/ and catalogue/ link to the canonical ones, recipes/ is the run's. */
    public Path abraDir() {
        return abraDir;
    }

    /** Where this run's checkout of a recipe lives. */
    public Path recipeDir(String recipe) {
        return abraDir.resolve("recipes").resolve(recipe);
    }

    public RunStateFiles stateFiles() {
        return stateFiles;
    }

    public DeployCountGuard deploys() {
        return deploys;
    }

    /** ABRA_DIR and the four state-file variables, by exact path. */
    public Map<String, String> childEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ABRA_DIR_ENV, abraDir.toString());
        env.putAll(stateFiles.environment());
        return Map.copyOf(env);
    }

    /** Removes the run-scoped state files (the abra dir stays with the run's other artefacts). */
    public void removeStateFiles() throws IOException {
        stateFiles.remove();
    }
}
