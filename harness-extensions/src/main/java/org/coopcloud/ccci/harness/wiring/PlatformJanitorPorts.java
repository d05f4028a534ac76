package org.coopcloud.ccci.harness.wiring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.abra.AbraApp;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.AppTeardown;
import org.coopcloud.ccci.harness.docker.ContainerSummary;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.DockerObject;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.janitor.AppDiscovery;
import org.coopcloud.ccci.harness.janitor.AppReaper;
import org.coopcloud.ccci.harness.janitor.JanitorPorts;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.workspace.AbraHome;

/**
 * The janitor's ports on the real platform: apps from {@code abra app ls} (cc-ci's server only) and
 * from the daemon's lists of every object kind a stack leaves; an orphan reaped with the same teardown a run uses on its own app, so nothing of
 * it remains. The janitor matches names against the run-app patterns and holds the app's lock
 * while it reaps; this class only lists and removes.
 *
 * <p>The public no-argument constructor is for {@code bin/ccci janitor} (through
 * {@link java.util.ServiceLoader}), which runs outside any run: abra then works on the canonical
 * abra directory, the Docker daemon is found from {@code DOCKER_HOST}.
 */
public final class PlatformJanitorPorts implements AppDiscovery, AppReaper {
    private final AbraCli abra;
    private final DockerClient docker;
    private final Path serversDirectory;

    public PlatformJanitorPorts(AbraCli abra, DockerClient docker, Path serversDirectory) {
        this.abra = abra;
        this.docker = docker;
        this.serversDirectory = serversDirectory;
    }

    public PlatformJanitorPorts() {
        // abra works on the host's abra home (CCCI_ABRA_HOME), where every run's app .env lives.
        this(AbraCli.locate(ENVIRONMENT, new ProcessRunner().withEnvironment(
                java.util.Map.of("ABRA_DIR", AbraHome.from(ENVIRONMENT).toString())), Duration.ofMinutes(10)),
                DockerClient.fromEnvironment(),
                AbraHome.from(ENVIRONMENT).resolve("servers").resolve(AbraCli.SERVER));
    }

    public JanitorPorts ports() {
        return new JanitorPorts(this, this);
    }

    /** Apps of cc-ci's own server only: an app another abra server hosts is not ours to probe or reap. */
    @Override
    public List<String> abraAppNames() throws Exception {
        return abra.appList().stream().filter(app -> AbraCli.SERVER.equals(app.server())).map(AbraApp::domain)
                .filter(d -> !d.isEmpty()).toList();
    }

    @Override
    public List<String> swarmObjectNames() throws Exception {
        List<String> names = new ArrayList<>();
        for (SwarmService service : docker.services(Filters.none())) {
            names.add(service.name());
            names.add(service.labels().getOrDefault(DockerClient.STACK_LABEL, ""));
        }
        for (ContainerSummary container : docker.containers(Filters.none())) {
            names.add(container.name());
            names.add(container.labels().getOrDefault(DockerClient.STACK_LABEL, ""));
        }
        List<DockerObject> objects = new ArrayList<>(docker.networks(Filters.none()));
        objects.addAll(docker.volumes(Filters.none()));
        objects.addAll(docker.secrets(Filters.none()));
        objects.addAll(docker.configs(Filters.none()));
        for (DockerObject object : objects) {
            names.add(object.name());
            names.add(object.labels().getOrDefault(DockerClient.STACK_LABEL, ""));
        }
        names.removeIf(String::isEmpty);
        return names;
    }

    @Override
    public void reap(String domain) throws Exception {
        new AppTeardown(abra, docker, System.out::println).tearDown(domain, RunNaming.stack(domain),
                new AppEnv(serversDirectory.resolve(domain + ".env")));
    }

    /** Settings from the environment alone, for use outside a run. */
    private static final Settings ENVIRONMENT = new Settings() {
        @Override
        public Optional<String> get(String parameter, String envVar) {
            return envVar == null ? Optional.empty() : env(envVar);
        }

        @Override
        public Optional<String> env(String envVar) {
            return Optional.ofNullable(System.getenv(envVar)).filter(v -> !v.isBlank());
        }
    };
}
