package org.coopcloud.ccci.harness.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.FailureCause;
import org.coopcloud.ccci.harness.docker.SwarmService;

/**
 * How a convergence wait ended.
 *
 * @param services the stack's services as last seen
 * @param cause    for a failure: the failing service, what went wrong, and its log's decisive lines
 * @param detail   for anything but {@link Outcome#CONVERGED}: which services, why, and their tasks'
 *                 latest states and errors, ready for a report
 */
public record Convergence(String stack, Outcome outcome, Duration elapsed, List<SwarmService> services, String detail,
        Optional<FailureCause> cause) {
    public enum Outcome {
        /** Every service running == desired, and no update in progress. */
        CONVERGED,
        /** An update ended {@code paused}, {@code rollback_paused} or {@code rollback_completed}. */
        UPDATE_FAILED,
        /** One service's tasks failed {@code restartLimit} times since the deploy began. */
        CRASH_LOOP,
        /** A task was refused with an error no retry mends (no such image, a missing mount source...). */
        CANNOT_HEAL,
        /** Still pending when the time was up (e.g. a service whose first start outlasts the timeout). */
        TIMED_OUT,
        /** No service of the stack appeared within the grace period: the deploy did not happen. */
        NO_SERVICES
    }

    public Convergence {
        services = List.copyOf(services);
    }

    /** Without a short cause (reports read one from the detail). */
    public Convergence(String stack, Outcome outcome, Duration elapsed, List<SwarmService> services, String detail) {
        this(stack, outcome, elapsed, services, detail, Optional.empty());
    }

    public boolean converged() {
        return outcome == Outcome.CONVERGED;
    }

    /** One line for a log or a failure message, followed by the detail lines. */
    public String describe() {
        String after = ConvergenceWait.seconds(elapsed) + "s";
        String head = switch (outcome) {
            case CONVERGED -> stack + " converged in " + after;
            case UPDATE_FAILED -> stack + " did not converge in " + after + ": an update failed";
            case CRASH_LOOP -> stack + " did not converge in " + after + ": a service keeps failing";
            case CANNOT_HEAL -> stack + " did not converge in " + after + ": a task failed in a way no restart mends";
            case TIMED_OUT -> stack + " did not converge in " + after;
            case NO_SERVICES -> stack + " has no services after " + after;
        };
        return detail.isEmpty() ? head : head + "\n" + detail;
    }
}
