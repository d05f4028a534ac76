package org.coopcloud.ccci.engine.execution;

import org.coopcloud.ccci.engine.api.DynamicCheck;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.junit.platform.commons.util.ExceptionUtils;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.Node;

/** {@code [dynamic-check:#n]}: one check a {@link CheckFactoryDescriptor} made, a test with its own display name. */
public final class DynamicCheckDescriptor extends AbstractTestDescriptor implements Node<CcciExecutionContext> {
    public static final String SEGMENT = "dynamic-check";

    private final DynamicCheck check;

    DynamicCheckDescriptor(UniqueId uniqueId, DynamicCheck check) {
        super(uniqueId, check.name(), source(check));
        this.check = check;
    }

    private static TestSource source(DynamicCheck check) {
        return check.file().map(file -> check.line() > 0
                ? FileSource.from(file.toFile(), FilePosition.from(check.line())) : FileSource.from(file.toFile()))
                .orElse(null);
    }

    /** As a {@link CheckDescriptor}'s: "custom/RecipeFileChecks.GET / answers 200". */
    @Override
    public String getLegacyReportingName() {
        return CheckNodes.legacyName(getParent().orElseThrow().getParent().orElseThrow(), getDisplayName());
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
        context.rung().noteCheckRan();
        try (RunAbort.Scope work = RunAbort.interruptibleWork()) {
            check.body().run();
        } catch (Throwable t) {
            throw ExceptionUtils.throwAsUncheckedException(t);
        }
        return context;
    }

    @Override
    public void nodeFinished(CcciExecutionContext context, TestDescriptor descriptor, TestExecutionResult result) {
        CheckNodes.recordResult(context, result);
    }
}
