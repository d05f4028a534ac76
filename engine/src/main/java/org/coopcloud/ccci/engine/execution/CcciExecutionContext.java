package org.coopcloud.ccci.engine.execution;

import java.util.Optional;
import org.coopcloud.ccci.engine.config.EngineSettings;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/**
 * What a node of the plan hands down to its children: the run it belongs to, the tier being
 * climbed, the tier class's instance, and a failure of an enclosing step that its checks must
 * report (so a failed operation shows as failed checks in every report instead of vanishing with
 * the container's children). Immutable; each level derives its own.
 */
public final class CcciExecutionContext implements EngineExecutionContext {
    private final EngineSettings settings;
    private final CancellationToken cancellation;
    private final RunState run;
    private final RungRecord rung;
    private final Object tierInstance;
    private final Throwable inheritedFailure;

    public CcciExecutionContext(EngineSettings settings, CancellationToken cancellation) {
        this(settings, cancellation, null, null, null, null);
    }

    private CcciExecutionContext(EngineSettings settings, CancellationToken cancellation, RunState run,
            RungRecord rung, Object tierInstance, Throwable inheritedFailure) {
        this.settings = settings;
        this.cancellation = cancellation;
        this.run = run;
        this.rung = rung;
        this.tierInstance = tierInstance;
        this.inheritedFailure = inheritedFailure;
    }

    public EngineSettings settings() {
        return settings;
    }

    public CancellationToken cancellation() {
        return cancellation;
    }

    public RunState run() {
        return run;
    }

    public RungRecord rung() {
        return rung;
    }

    public Object tierInstance() {
        return tierInstance;
    }

    public Optional<Throwable> inheritedFailure() {
        return Optional.ofNullable(inheritedFailure);
    }

    public CcciExecutionContext withRun(RunState newRun) {
        return new CcciExecutionContext(settings, cancellation, newRun, null, null, null);
    }

    public CcciExecutionContext withRung(RungRecord newRung) {
        return new CcciExecutionContext(settings, cancellation, run, newRung, null, inheritedFailure);
    }

    public CcciExecutionContext withTierInstance(Object instance) {
        return new CcciExecutionContext(settings, cancellation, run, rung, instance, inheritedFailure);
    }

    public CcciExecutionContext withInheritedFailure(Throwable failure) {
        return new CcciExecutionContext(settings, cancellation, run, rung, tierInstance, failure);
    }
}
