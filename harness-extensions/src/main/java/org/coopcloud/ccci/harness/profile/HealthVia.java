package org.coopcloud.ccci.harness.profile;

/** Where the health check and {@code RecipeApp.http} reach the app from. */
public enum HealthVia {
    /** By the app's domain through the server's ingress (traefik), as its users do: the default. */
    INGRESS,
    /**
     * From inside the profile's {@code healthService} task, at {@code 127.0.0.1:<healthPort>} (by
     * {@code docker exec}): for recipes that are not reachable from outside (no traefik labels).
     */
    SERVICE
}
