package org.coopcloud.ccci.harness.lifetime;

import org.coopcloud.ccci.engine.api.InfrastructureException;

/** A lifetime guard could not be installed, so the run's lifetime would be unbounded: refuse. */
public final class LifetimeGuardException extends InfrastructureException {
    public LifetimeGuardException(String message) {
        super(message);
    }
}
