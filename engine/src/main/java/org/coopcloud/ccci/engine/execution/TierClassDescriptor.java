package org.coopcloud.ccci.engine.execution;

import java.lang.reflect.Method;
import org.coopcloud.ccci.engine.api.Operation;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * {@code [class:<tier class>]}: one tier class. before() makes its instance and performs its
 * {@link Operation}s; a failure is recorded on the rung and handed down, so each check fails with
 * it. No source here: a ClassSource nested under the run's would make Surefire miscount.
 */
public final class TierClassDescriptor extends AbstractTestDescriptor implements Node<CcciExecutionContext> {
    public static final String SEGMENT = "class";

    private final Class<?> tierClass;

    public TierClassDescriptor(UniqueId uniqueId, Class<?> tierClass) {
        super(uniqueId, tierClass.getSimpleName());
        this.tierClass = tierClass;
    }

    public Class<?> tierClass() {
        return tierClass;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public CcciExecutionContext before(CcciExecutionContext context) {
        if (context.inheritedFailure().isPresent()) {
            return context;
        }
        try (RunAbort.Scope work = RunAbort.interruptibleWork()) {
            Object instance = ReflectionSupport.newInstance(tierClass);
            CcciExecutionContext withInstance = context.withTierInstance(instance);
            for (Method operation : AnnotationSupport.findAnnotatedMethods(tierClass, Operation.class,
                    HierarchyTraversalMode.TOP_DOWN)) {
                try {
                    MethodInvoker.invoke(operation, instance, context.rung(), context.run().extensions().resolvers());
                } catch (Throwable t) {
                    context.rung().recordFailure(t, FailureKind.APP);
                    return withInstance.withInheritedFailure(t);
                }
            }
            return withInstance;
        } catch (Throwable t) {
            context.rung().recordFailure(t, FailureKind.INFRASTRUCTURE);
            return context.withInheritedFailure(t);
        }
    }

    @Override
    public void nodeFinished(CcciExecutionContext context, TestDescriptor descriptor, TestExecutionResult result) {
        result.getThrowable().ifPresent(t -> context.rung().recordFailure(t, FailureKind.APP));
    }
}
