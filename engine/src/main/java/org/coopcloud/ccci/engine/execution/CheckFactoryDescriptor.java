package org.coopcloud.ccci.engine.execution;

import java.lang.reflect.Method;
import java.util.List;
import org.coopcloud.ccci.engine.api.CheckFactory;
import org.coopcloud.ccci.engine.api.DynamicCheck;
import org.coopcloud.ccci.engine.api.DynamicChecks;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * {@code [check:<factory method>]}: a {@link CheckFactory}. A container whose children are made while
 * it executes: each {@link DynamicCheck} it returns is registered and run as a test of its own
 * ({@code [dynamic-check:#n]}), so every report lists it by its display name.
 */
public final class CheckFactoryDescriptor extends AbstractTestDescriptor implements Node<CcciExecutionContext> {
    private final Method method;

    public CheckFactoryDescriptor(UniqueId uniqueId, Class<?> tierClass, Method method) {
        super(uniqueId, displayName(method), MethodSource.from(tierClass, method));
        this.method = method;
    }

    public Method method() {
        return method;
    }

    private static String displayName(Method method) {
        String name = method.getAnnotation(CheckFactory.class).value();
        return name.isBlank() ? method.getName() : name;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    /** Its tests are made while it runs: discovery must not prune it (and its tier) as empty. */
    @Override
    public boolean mayRegisterTests() {
        return true;
    }

    @Override
    public SkipResult shouldBeSkipped(CcciExecutionContext context) {
        return CheckNodes.skipWhenAborted(context);
    }

    @Override
    public CcciExecutionContext execute(CcciExecutionContext context, DynamicTestExecutor dynamicTestExecutor)
            throws Exception {
        CheckNodes.failWithInherited(context);
        DynamicChecks made;
        try (RunAbort.Scope work = RunAbort.interruptibleWork()) {
            Object returned = MethodInvoker.invoke(method, context.tierInstance(), context.rung(),
                    context.run().extensions().resolvers());
            if (!(returned instanceof DynamicChecks checks)) {
                throw new IllegalStateException(method.getDeclaringClass().getSimpleName() + "." + method.getName()
                        + "() is a @CheckFactory and must return DynamicChecks, not " + returned);
            }
            made = checks;
        }
        made.noneReason().filter(r -> made.checks().isEmpty()).ifPresent(context.rung()::noteNoChecks);
        List<DynamicCheck> checks = made.checks();
        for (int i = 0; i < checks.size(); i++) {
            DynamicCheckDescriptor child = new DynamicCheckDescriptor(
                    getUniqueId().append(DynamicCheckDescriptor.SEGMENT, "#" + (i + 1)), checks.get(i));
            addChild(child);
            dynamicTestExecutor.execute(child);
        }
        dynamicTestExecutor.awaitFinished();
        return context;
    }

    @Override
    public void nodeFinished(CcciExecutionContext context, TestDescriptor descriptor, TestExecutionResult result) {
        CheckNodes.recordResult(context, result);
    }
}
