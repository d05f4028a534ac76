package org.coopcloud.ccci.engine.execution;

import org.coopcloud.ccci.engine.api.RunAbort;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * {@code [step:setup]}: the run's set-up and deploy (every extension's beforeRun), as a test of
 * its own. When a container's before() fails its children get no events at all, and Surefire
 * then reports "Tests run: 0"; a failing test cannot vanish like that.
 */
public final class SetupStepDescriptor extends AbstractTestDescriptor implements Node<CcciExecutionContext> {
    public static final String SEGMENT = "step";

    SetupStepDescriptor(UniqueId uniqueId, String runClassName) {
        super(uniqueId, "set up and deploy", MethodSource.from(runClassName, "setUp"));
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public SkipResult shouldBeSkipped(CcciExecutionContext context) {
        return RunAbort.requested()
                .map(reason -> SkipResult.skip("run aborted: " + reason.cause()))
                .orElseGet(SkipResult::doNotSkip);
    }

    @Override
    public CcciExecutionContext execute(CcciExecutionContext context, DynamicTestExecutor dynamicTestExecutor)
            throws Exception {
        try (RunAbort.Scope work = RunAbort.interruptibleWork()) {
            context.run().setUp();
        }
        return context;
    }
}
