package org.coopcloud.ccci.harness.app;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.deploy.HttpHealthProbe;
import org.coopcloud.ccci.harness.deploy.HttpProbe;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.ExecResult;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.docker.SwarmTask;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.ingress.IngressHealthProbe;
import org.coopcloud.ccci.harness.ingress.IngressResponse;
import org.coopcloud.ccci.harness.profile.HealthVia;
import org.coopcloud.ccci.harness.profile.RecipeProfile;

/**
 * The deployed app as checks see it (a check method declares a {@code RecipeApp} parameter): HTTP by
 * its domain through the ingress (as users reach it), exec and HTTP inside one of its services, its
 * services, its env, its version label.
 */
public final class RecipeApp {
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    private final String recipe;
    private final String domain;
    private final String stack;
    private final AppEnv env;
    private final DockerClient docker;
    private final Ingress ingress;

    public RecipeApp(String recipe, String domain, String stack, AppEnv env, DockerClient docker, Ingress ingress) {
        this.recipe = recipe;
        this.domain = domain;
        this.stack = stack;
        this.env = env;
        this.docker = docker;
        this.ingress = ingress;
    }

    public String recipe() {
        return recipe;
    }

    public String domain() {
        return domain;
    }

    public String stack() {
        return stack;
    }

    /** The swarm service name of a compose service ({@code app} -> {@code <stack>_app}). */
    public String serviceName(String service) {
        return stack + "_" + service;
    }

    public Map<String, String> env() throws IOException {
        return env.read();
    }

    public AppEnv envFile() {
        return env;
    }

    public List<SwarmService> services() throws InterruptedException {
        return docker.services(Filters.label(DockerClient.STACK_LABEL + "=" + stack));
    }

    /** Runs a command in a running task container of the service. */
    public ExecResult exec(String service, String... command) throws InterruptedException {
        String container = docker.tasksOfService(serviceName(service)).stream()
                .filter(SwarmTask::isRunning).map(SwarmTask::containerId).filter(id -> !id.isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no running task of " + serviceName(service) + " to exec in"));
        return docker.exec(container, List.of(command), EXEC_TIMEOUT);
    }

    /** GETs a path at the app's domain through the ingress, as a user would; healthy means 200. */
    public HealthCheckResult http(String path) throws InterruptedException {
        return new IngressHealthProbe(ingress).check(domain, HttpProbe.of(80).withPath(path).accepting(java.util.Set.of(200)));
    }

    /** The body of a GET at the app's domain through the ingress; fails the check unless it answers 200. */
    public String get(String path) throws InterruptedException {
        IngressResponse response = ingress.get(domain, path, Duration.ofSeconds(30));
        if (response.status().orElse(0) != 200) {
            throw new AssertionError("GET " + path + " at " + ingress.describe(domain) + " answered "
                    + (response.status().isPresent() ? response.status().getAsInt() : "nothing")
                    + response.routingError().map(r -> " (routing failed: " + r + ")").orElse("")
                    + ": " + response.bodyText().strip());
        }
        return response.bodyText();
    }

    /** The profile's health check: through the ingress, or inside the health service when the profile asks. */
    public HealthCheckResult checkHealth(RecipeProfile profile) throws InterruptedException {
        return profile.healthVia() == HealthVia.SERVICE
                ? new HttpHealthProbe(docker).check(serviceName(profile.healthService()), profile.health())
                : new IngressHealthProbe(ingress).check(domain, profile.health());
    }

    /** The ingress this app is reached through. */
    public Ingress ingress() {
        return ingress;
    }

    /** GETs a URL path from inside the service's own task, at 127.0.0.1:port (a profile's in-service probing). */
    public HealthCheckResult http(String service, int port, String path) throws InterruptedException {
        return new HttpHealthProbe(docker).check(serviceName(service), HttpProbe.of(port).withPath(path)
                .accepting(java.util.Set.of(200)));
    }

    /** The body of a GET from inside the service's task; fails the check when the request fails. */
    public String get(String service, int port, String path) throws InterruptedException {
        ExecResult result = exec(service, "sh", "-c", "timeout 10 wget -q -O- \"$1\"", "get",
                "http://127.0.0.1:" + port + path);
        if (!result.succeeded()) {
            throw new AssertionError("GET " + path + " in " + serviceName(service) + " failed (exit "
                    + result.exitCode() + "): " + result.stderr().strip());
        }
        return result.stdout();
    }

    /** The version abra labelled the app service with ({@code coop-cloud.<stack>.version}). */
    public Optional<String> versionLabel() throws InterruptedException {
        return label("version");
    }

    /** A {@code coop-cloud.<stack>.<name>} label of the app service (version, chaos, chaos-version). */
    public Optional<String> label(String name) throws InterruptedException {
        return services().stream().filter(s -> s.name().equals(serviceName("app"))).findFirst()
                .map(s -> s.labels().get("coop-cloud." + stack + "." + name));
    }
}
