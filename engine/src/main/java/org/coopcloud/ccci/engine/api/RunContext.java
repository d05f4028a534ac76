package org.coopcloud.ccci.engine.api;

import java.nio.file.Path;
import java.util.Optional;

/** What an extension or a check knows about the run it belongs to. */
public interface RunContext {
    /** The validated inputs: recipe, ref, pr, src, stages, quick. */
    RunSpec spec();

    /** {@code DRONE_BUILD_NUMBER}, else {@code CCCI_RUN_ID}, else {@code manual-<pid>}. */
    String runId();

    /** {@code <runs dir>/<run id>/}: where results.json, events.jsonl and the workspace live. */
    Path runDirectory();

    /** The app domain this run deploys to; runs of the same recipe and PR share it. */
    String domain();

    /** The swarm stack name abra derives from the domain. */
    String stack();

    /** Configuration: a {@code ccci.*} parameter, else its environment variable, else empty. */
    Settings settings();

    /** Shared per-run state for extensions (workspace, app handle, op state). */
    RunStore store();

    /** The run's event stream ({@code events.jsonl}). */
    EventLog events();

    /** The recipe's {@link Recipe} profile class, when the recipe suite has one. */
    Optional<Class<?>> profileClass();

    /**
     * The rungs this run will try to climb: in the test plan and in the selected stages. (A rung may
     * still be skipped later, when an earlier one fails or it is declared not applicable.) Extensions
     * use it to plan work ahead, such as how many deploys the run will make.
     */
    java.util.Set<Stage> plannedStages();

    /** Records a version the named rung exercised, for the report (for example "from", "to"). */
    void recordVersion(Stage stage, String role, String version);

    /** Records which source checked the named rung's data (see {@link TierContext#recordDataCheck}). */
    default void recordDataCheck(Stage stage, String source) {
    }

    /**
     * Records a file the run wrote into its run directory under a name results.json reports it by
     * (for example {@code "screenshot"} -> {@code "app-screenshot.png"}). A name never recorded is
     * absent from results.json.
     */
    default void recordArtifact(String name, String fileName) {
    }

    /**
     * The commit this run deployed (the recipe checkout's HEAD, full sha) and, when the git host's
     * web address is known, links to it and to the PR: results.json's {@code commit} and {@code links}.
     */
    default void recordSource(String commit, java.util.Optional<String> commitUrl, java.util.Optional<String> prUrl) {
    }

    /**
     * Records something the run did not check, in a sentence that names it (a tcp router, a
     * middleware the ingress does not apply): results.json and the reports list it as not checked.
     */
    default void recordNotChecked(String what) {
    }

    /** Records the app containers' peak memory, for results.json ({@code peak_memory_bytes}). */
    default void recordPeakMemory(long bytes) {
    }
}
