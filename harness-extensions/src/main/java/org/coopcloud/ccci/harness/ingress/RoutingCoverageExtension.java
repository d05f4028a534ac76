package org.coopcloud.ccci.harness.ingress;

import java.util.List;
import java.util.Map;
import org.coopcloud.ccci.engine.api.AfterTierCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.platform.RunPlatform;

/**
 * After the install rung, names in the run's report what of the stack's traefik configuration the
 * run does not prove ({@link RoutingCoverage}): the deployed services' labels are what the ingress
 * routes by. A failure to read them is said in an event and never changes the verdict.
 */
public final class RoutingCoverageExtension implements AfterTierCallback {
    @Override
    public int order() {
        return ExtensionOrder.DEPLOY + 20;
    }

    @Override
    public void afterTier(org.coopcloud.ccci.engine.api.TierContext tier) throws InterruptedException {
        if (tier.stage() != Stage.INSTALL) {
            return;
        }
        RunContext run = tier.run();
        try {
            DockerClient docker = run.store().require(RunPlatform.class).docker();
            Ingress ingress = run.store().get(Ingress.class).orElseGet(() -> Ingress.from(run.settings()));
            List<String> notChecked = RoutingCoverage.notChecked(docker.services(Filters.label(DockerClient.STACK_LABEL + "=" + run.stack())),
                    ingress.address().isPresent());
            notChecked.forEach(run::recordNotChecked);
            if (!notChecked.isEmpty()) {
                run.events().emit("routing.not_checked", Map.of("items", notChecked));
            }
        } catch (RuntimeException e) {
            run.events().emit("routing.not_checked", Map.of("error", String.valueOf(e.getMessage())));
        }
    }
}
