package org.coopcloud.ccci.engine.execution;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.api.Extension;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * {@code [tier:<stage>]}: one rung. Skipped with the reason when the run cannot climb it (aborted,
 * setup failed, not selected, a prerequisite failed, declared not applicable). Its beforeTier
 * callbacks run in before(); when one fails, the failure is handed down so every check reports it.
 */
public final class TierDescriptor extends AbstractTestDescriptor implements Node<CcciExecutionContext> {
    public static final String SEGMENT = "tier";

    private final Stage stage;
    private Deque<Extension> owedAfterTier;

    public TierDescriptor(UniqueId uniqueId, Stage stage) {
        super(uniqueId, stage.id());
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public CcciExecutionContext prepare(CcciExecutionContext context) {
        return context.withRung(context.run().rung(stage));
    }

    @Override
    public SkipResult shouldBeSkipped(CcciExecutionContext context) {
        Optional<RunState.Skip> skip = context.run().skipFor(stage, context.cancellation());
        if (skip.isEmpty()) {
            return SkipResult.doNotSkip();
        }
        context.rung().recordSkip(skip.get().reason(), skip.get().declared());
        return SkipResult.skip(skip.get().reason());
    }

    @Override
    public CcciExecutionContext before(CcciExecutionContext context) {
        RungRecord rung = context.rung();
        rung.start();
        context.run().events().emit("tier.start", Map.of("stage", stage.id()));
        List<Throwable> failures = new ArrayList<>();
        try (RunAbort.Scope work = RunAbort.interruptibleWork()) {
            owedAfterTier = context.run().extensions().beforeTier(rung, failures);
        }
        if (failures.isEmpty()) {
            return context;
        }
        rung.recordFailure(failures.get(0), FailureKind.APP);
        return context.withInheritedFailure(failures.get(0));
    }

    @Override
    public void after(CcciExecutionContext context) throws Exception {
        if (owedAfterTier == null) {
            return;
        }
        List<Throwable> failures = RunExtensions.afterTier(context.rung(), owedAfterTier);
        if (!failures.isEmpty()) {
            context.rung().recordFailure(failures.get(0), FailureKind.APP);
            throw new IllegalStateException("afterTier of " + stage.id() + " failed: "
                    + RungRecord.describe(failures.get(0)), failures.get(0));
        }
    }

    @Override
    public void nodeSkipped(CcciExecutionContext context, TestDescriptor descriptor, SkipResult result) {
        // The status and reason as results.json and the summary will say them (an install whose
        // deploy failed in setup is a failed install, not an unverified one).
        RungResult reported = context.run().reported(stage);
        context.run().events().emit("tier.done", Map.of("stage", stage.id(), "status", reported.status().id(),
                "reason", reported.reason().orElse("")));
    }

    @Override
    public void nodeFinished(CcciExecutionContext context, TestDescriptor descriptor, TestExecutionResult result) {
        RungRecord rung = context.rung();
        result.getThrowable().ifPresent(t -> rung.recordFailure(t, FailureKind.APP));
        rung.finish();
        context.run().events().emit("tier.done", Map.of("stage", stage.id(), "status", rung.toResult().status().id()));
    }
}
