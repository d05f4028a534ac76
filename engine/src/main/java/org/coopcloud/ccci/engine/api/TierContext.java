package org.coopcloud.ccci.engine.api;

/** A tier of a run, as its callbacks, operation and checks see it. */
public interface TierContext {
    Stage stage();

    RunContext run();

    /** Records a version this tier exercised ("base", "under-test", ...), for the report. */
    default void recordVersion(String role, String version) {
        run().recordVersion(stage(), role, version);
    }

    /**
     * Records which source checked this rung's data: {@code "suite"} (the recipe suite's data seed)
     * or {@code "volume-markers"} (cc-ci's marker files). A weaker source never replaces a stronger
     * one already recorded.
     */
    default void recordDataCheck(String source) {
        run().recordDataCheck(stage(), source);
    }

    /**
     * Whether the tier has neither failed nor been found unverified so far; in an {@code afterTier}
     * callback, whether the tier passed.
     */
    default boolean passingSoFar() {
        return false;
    }
}
