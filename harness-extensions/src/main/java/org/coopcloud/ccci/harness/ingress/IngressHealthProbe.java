package org.coopcloud.ccci.harness.ingress;

import java.util.OptionalInt;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.deploy.HttpProbe;

/**
 * The health check as users see the app: a GET of the probe's path at the app's domain, through the
 * ingress (the probe's port is not used: the ingress picks it from the recipe's traefik labels). An
 * answer the ingress made itself because it could not route (no router for the domain, no task, the
 * labelled port refused) says so: that is the recipe's routing failing, as its users would see it.
 */
public final class IngressHealthProbe {
    private final Ingress ingress;

    public IngressHealthProbe(Ingress ingress) {
        this.ingress = ingress;
    }

    public HealthCheckResult check(String domain, HttpProbe probe) throws InterruptedException {
        IngressResponse response = ingress.get(domain, probe.path(), probe.timeout());
        String what = "GET " + probe.path() + " at " + ingress.describe(domain) + " through the ingress";
        if (response.status().isEmpty()) {
            return new HealthCheckResult("ingress", what, false, OptionalInt.empty(), "",
                    what + ": " + response.failure().orElse("no answer"));
        }
        int status = response.status().getAsInt();
        if (response.routingError().isPresent()) {
            return new HealthCheckResult("ingress", what, false, response.status(), "",
                    what + ": the routing to the app failed (" + status + "): " + response.routingError().get());
        }
        boolean healthy = probe.acceptedStatuses().contains(status);
        String detail = what + " answered " + status;
        if (!healthy) {
            detail += ", expected one of " + probe.acceptedStatuses().stream().sorted().toList() + routingHint(status)
                    + ": " + abbreviate(response.bodyText().strip());
        }
        return new HealthCheckResult("ingress", what, healthy, response.status(), "", detail);
    }

    /** What traefik's own answers mean, when the ingress is a real traefik that does not say why. */
    private static String routingHint(int status) {
        return switch (status) {
            case 404 -> " (traefik answers 404 when no router matches the domain: check the recipe's traefik router rule)";
            case 502, 503, 504 -> " (traefik answers " + status + " when it cannot reach the app: check the recipe's"
                    + " traefik loadbalancer.server.port and that the app joins the proxy network)";
            default -> "";
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }
}
