package org.coopcloud.ccci.bridge.store;

/**
 * Where a {@code !testme} request is. Each state is saved before the side effect that leaves it, so
 * a restart resumes at the step that may not have happened, and the step looks before it acts.
 */
public enum RequestState {
    /** Seen and recorded; the commenter is not yet authorised, nor the head checked. */
    CLAIMED,
    /** Refused (not authorised, or not the head as of the comment: see {@link Refusal}): one short reply is owed. */
    REFUSING,
    /** Refused, and told so. Final. */
    REFUSED,
    /** Authorised; the build is to be triggered (or was, if {@code triggerSentAt} is set). */
    TRIGGERING,
    /** The build exists; the "running" comment and the pending status are owed. */
    TRIGGERED,
    /** Announced on the PR; waiting for the build and its published results. */
    RUNNING,
    /** The verdict is on the comment and the commit status. Final. */
    DONE;

    public boolean finished() {
        return this == REFUSED || this == DONE;
    }
}
