package org.coopcloud.ccci.engine.execution;

import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.results.FailureKind;
import org.junit.platform.commons.util.ExceptionUtils;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.hierarchical.Node.SkipResult;

/** What every node that runs a check (a check, a check factory, a check it made) does the same way. */
final class CheckNodes {
    private CheckNodes() {
    }

    /** Skipped, and the rung incomplete, once the run is aborted. */
    static SkipResult skipWhenAborted(CcciExecutionContext context) {
        return RunAbort.requested().map(reason -> {
            context.rung().recordIncomplete("run aborted during the tier: " + reason.cause());
            return SkipResult.skip("run aborted: " + reason.cause());
        }).orElseGet(SkipResult::doNotSkip);
    }

    /** An enclosing step's failure (a failed operation or beforeTier) fails this check too, with its error. */
    static void failWithInherited(CcciExecutionContext context) {
        if (context.inheritedFailure().isPresent()) {
            throw ExceptionUtils.throwAsUncheckedException(context.inheritedFailure().get());
        }
    }

    /** A check's failure is its rung's (the first one names the rung's reason). */
    static void recordResult(CcciExecutionContext context, TestExecutionResult result) {
        result.getThrowable().ifPresent(t -> context.rung().recordFailure(t, FailureKind.APP));
    }

    /** "install/InstallTier.converged": tier and class keep checks of the same name in different tiers apart. */
    static String legacyName(TestDescriptor tierClass, String check) {
        String tier = tierClass.getParent().map(TestDescriptor::getDisplayName).orElse("");
        return tier + "/" + tierClass.getDisplayName() + "." + check;
    }
}
