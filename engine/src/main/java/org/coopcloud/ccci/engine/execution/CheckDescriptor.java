package org.coopcloud.ccci.engine.execution;

import java.lang.reflect.Method;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

/** {@code [check:<method>]}: one check, a test with a {@link MethodSource} so IDEs and Surefire place it. */
public final class CheckDescriptor extends AbstractTestDescriptor implements Node<CcciExecutionContext> {
    public static final String SEGMENT = "check";

    private final Method method;

    public CheckDescriptor(UniqueId uniqueId, Class<?> tierClass, Method method) {
        super(uniqueId, displayName(method), MethodSource.from(tierClass, method));
        this.method = method;
    }

    /**
     * The name in the legacy XML, where the classname is the run's: tier and class keep checks of the
     * same name in different tiers apart ("install/InstallTier.converged").
     */
    @Override
    public String getLegacyReportingName() {
        return CheckNodes.legacyName(getParent().orElseThrow(), getDisplayName());
    }

    public Method method() {
        return method;
    }

    private static String displayName(Method method) {
        String name = method.getAnnotation(Check.class).value();
        return name.isBlank() ? method.getName() : name;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public SkipResult shouldBeSkipped(CcciExecutionContext context) {
        return CheckNodes.skipWhenAborted(context);
    }

    @Override
    public CcciExecutionContext execute(CcciExecutionContext context, DynamicTestExecutor dynamicTestExecutor)
            throws Exception {
        CheckNodes.failWithInherited(context);
        context.rung().noteCheckRan();
        try (RunAbort.Scope work = RunAbort.interruptibleWork()) {
            MethodInvoker.invoke(method, context.tierInstance(), context.rung(), context.run().extensions().resolvers());
        }
        return context;
    }

    @Override
    public void nodeFinished(CcciExecutionContext context, TestDescriptor descriptor, TestExecutionResult result) {
        CheckNodes.recordResult(context, result);
    }
}
