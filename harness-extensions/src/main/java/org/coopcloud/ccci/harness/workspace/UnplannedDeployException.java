package org.coopcloud.ccci.harness.workspace;

/**
 * A deploy the run's plan did not call for. An extra deploy can silently turn an upgrade test into
 * a second install (the upgrade "passes" without upgrading anything), so it fails the run.
 */
public final class UnplannedDeployException extends IllegalStateException {
    public UnplannedDeployException(String message) {
        super(message);
    }
}
