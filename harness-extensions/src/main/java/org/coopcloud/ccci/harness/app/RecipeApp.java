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

/**
 * The deployed app as checks see it (a check method declares a {@code RecipeApp} parameter): exec
 * in a service, HTTP to it from inside its own task, its services, its env, its version label.
 */
public final class RecipeApp {
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    private final String recipe;
    private final String domain;
    private final String stack;
    private final AppEnv env;
    private final DockerClient docker;

    public RecipeApp(String recipe, String domain, String stack, AppEnv env, DockerClient docker) {
        this.recipe = recipe;
        this.domain = domain;
        this.stack = stack;
        this.env = env;
        this.docker = docker;
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

    /** GETs a URL path from inside the service's own task (there is no ingress routing to reach it from outside). */
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
