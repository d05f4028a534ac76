package org.coopcloud.ccci.harness.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.docker.SwarmTask;

/**
 * The stack-level half of the convergence rule: a service whose tasks keep failing is a crash loop
 * only while the rest of the stack is running and healthy, or when it still fails after the others
 * settled. While another service is still starting (its health check not yet passing, its tasks
 * not yet running) the failing service is waiting on it, because the swarm ignores
 * {@code depends_on}: an app that exits while its database initialises is restarted until the
 * database answers, and that is how published recipes start.
 *
 * <p>Evidence, per failing service: the instant from which every other service was settled (or
 * failing itself: two crash loops must not wait on each other), kept across looks and reset when
 * another service falls back to starting. The failing service is a crash loop once {@link
 * #FAILED_AFTER_OTHERS_SETTLED} of its tasks failed at or after that instant (and its own restart
 * limit was reached). When the others were settled at the first look (a one-service stack, a stack
 * whose other services never changed), the instant is when the deploy began, so a crash loop fails
 * as fast as before this rule. A dependency without a health check is settled once it has run for
 * {@code stableAfter}: without a health check the swarm has no evidence that it answers, so an app
 * waiting on it is judged as soon as it runs (abra's lint warns about it: R002).
 *
 * <p>One instance per convergence wait (it remembers the instants); not thread-safe.
 */
final class StackVerdict {
    /** Failed tasks of a service, at or after the others settled, that make it a crash loop. */
    static final int FAILED_AFTER_OTHERS_SETTLED = 2;

    private final Instant deployBegan;
    private final int restartLimit;
    private final Duration stableAfter;
    private final Map<String, Instant> othersSettledSince = new HashMap<>();
    private boolean looked;

    StackVerdict(Instant deployBegan, int restartLimit, Duration stableAfter) {
        this.deployBegan = deployBegan;
        this.restartLimit = restartLimit;
        this.stableAfter = stableAfter;
    }

    /**
     * Every service's verdict at this look (services sorted as given): first each on its own
     * evidence, then again for a service whose failures came while others were starting.
     */
    List<ServiceVerdict> judge(List<SwarmService> services, List<SwarmTask> tasks, Instant now) {
        boolean first = !looked;
        looked = true;
        List<ServiceVerdict> own = new ArrayList<>(services.size());
        for (SwarmService service : services) {
            own.add(ServiceVerdict.of(service, tasks, deployBegan, now, restartLimit, stableAfter));
        }
        List<ServiceVerdict> judged = new ArrayList<>(own.size());
        for (ServiceVerdict verdict : own) {
            String id = verdict.service().id();
            List<ServiceVerdict> starting = own.stream()
                    .filter(other -> other != verdict && !other.isSettled() && !other.isFailure())
                    .toList();
            // Kept for every service at every look, so "settled at the first look" means since the deploy began.
            if (starting.isEmpty()) {
                othersSettledSince.putIfAbsent(id, first ? deployBegan : now);
            } else {
                othersSettledSince.remove(id);
            }
            if (verdict.failedTasks().isEmpty() || verdict.state() == ServiceVerdict.State.UPDATE_FAILED
                    || verdict.state() == ServiceVerdict.State.CANNOT_HEAL) {
                judged.add(verdict);
                continue;
            }
            Instant countFrom = starting.isEmpty() ? othersSettledSince.get(id) : Instant.MAX;
            ServiceVerdict again = ServiceVerdict.of(verdict.service(), tasks, deployBegan, now, restartLimit, stableAfter, countFrom);
            if (!starting.isEmpty() && !again.isSettled()) {
                again = waiting(again, starting);
            }
            judged.add(again);
        }
        return judged;
    }

    private static ServiceVerdict waiting(ServiceVerdict verdict, List<ServiceVerdict> starting) {
        String names = starting.stream().map(s -> s.service().shortName()).collect(Collectors.joining(", "));
        return new ServiceVerdict(verdict.service(), ServiceVerdict.State.PENDING,
                verdict.failedTasks().size() + " tasks failed while " + names + (starting.size() == 1 ? " starts" : " start")
                        + " (waiting on " + (starting.size() == 1 ? "it" : "them") + ": the swarm ignores depends_on): "
                        + verdict.why(),
                verdict.failedTasks());
    }
}
