package org.coopcloud.ccci.bridge.store;

/** Why a request gets no build, which decides the one reply the bridge owes on the PR. */
public enum Refusal {
    /** The commenter is neither a member of the organisation nor allowlisted. */
    NOT_AUTHORISED,
    /** Gitea recorded a push to the PR after the comment: the head the comment approved is gone. */
    HEAD_MOVED,
    /** Nothing the bridge can trust shows that the head it would build was already there when the comment was written. */
    HEAD_UNCONFIRMED
}
