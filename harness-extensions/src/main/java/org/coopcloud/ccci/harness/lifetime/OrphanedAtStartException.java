package org.coopcloud.ccci.harness.lifetime;

import org.coopcloud.ccci.engine.api.InfrastructureException;

/**
 * The process that started cc-ci died before the death signal was armed, so nothing would end this
 * run when its Drone step ends. The run refuses to start.
 */
public final class OrphanedAtStartException extends InfrastructureException {
    public OrphanedAtStartException(int startParent, int currentParent) {
        super("refusing to run orphaned: " + (startParent == 0
                ? "cc-ci started with its parent outside its pid namespace, but pid " + currentParent
                        + " inside it has adopted it (that parent is gone)"
                : "the process that started cc-ci (pid " + startParent + ") is gone and "
                        + (currentParent == 0 ? "no parent is left in this pid namespace" : "pid " + currentParent
                                + " adopted us"))
                + "; PR_SET_PDEATHSIG cannot fire for a parent that died before it was armed, so this run could"
                + " outlive its Drone step");
    }
}
