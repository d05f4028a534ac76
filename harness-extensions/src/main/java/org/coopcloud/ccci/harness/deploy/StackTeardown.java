package org.coopcloud.ccci.harness.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.coopcloud.ccci.harness.docker.ContainerSummary;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.DockerException;
import org.coopcloud.ccci.harness.docker.DockerObject;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SwarmService;

/**
 * Clears what a stack leaves after {@code abra app undeploy} ({@code docker stack rm}) and says what,
 * if anything, is still there.
 *
 * <p>The order is forced by the daemon (swarm-facts.md): {@code stack rm} returns at once and works
 * in the background, services going at about 0.1 s, networks at 3.5 s, containers at 5 to 6 s. A
 * volume cannot be removed while any container, even a stopped one, uses it ("volume is in use"),
 * a secret not while a service uses it, and redeploying the same stack before its network has gone
 * fails with "network not found". So: wait until no container and no network of the stack remains,
 * then remove volumes, secrets and configs, then list what is left.
 *
 * <p>Services still present at the start (an undeploy that failed or never ran) are removed
 * first, and networks still present once every container is gone are removed too: teardown must
 * leave nothing even when abra did not do its part.
 */
public final class StackTeardown {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration IN_USE_RETRY = Duration.ofSeconds(10);

    private final DockerClient docker;
    private final StackObjects stackObjects;
    private final Consumer<String> progress;

    public StackTeardown(DockerClient docker, Consumer<String> progress) {
        this.docker = docker;
        this.stackObjects = new StackObjects(docker);
        this.progress = progress;
    }

    /**
     * The whole sequence, after the stack was undeployed: remove leftover services, wait for
     * containers and networks to go, remove volumes, secrets and configs.
     *
     * <p>A step the daemon refuses is logged and the next steps still run, so that one failure
     * does not leave everything behind; what it left shows in the residue.
     *
     * @param timeout for the wait on containers and networks; the volume retries add up to 10 s
     * @return what is left; anything at all is the caller's loud failure
     * @throws DockerException only when even the residual check cannot ask the daemon
     */
    public StackResidue tearDown(String stack, Duration timeout) throws InterruptedException {
        attempt(stack, "removing services", () -> removeServices(stack));
        attempt(stack, "waiting for containers and networks", () -> awaitContainersAndNetworksGone(stack, timeout));
        attempt(stack, "removing volumes", () -> removeVolumes(stack, IN_USE_RETRY));
        attempt(stack, "removing secrets and configs", () -> removeSecretsAndConfigs(stack));
        return stackObjects.residue(stack);
    }

    private interface Step {
        Object run() throws InterruptedException;
    }

    private void attempt(String stack, String what, Step step) throws InterruptedException {
        try {
            step.run();
        } catch (DockerException e) {
            progress.accept("== teardown " + stack + ": " + what + " failed, going on: " + e.getMessage() + " ==");
        }
    }

    /**
     * Removes the stack's services, as {@code docker stack rm} would, and any throw-away container the
     * harness made for the stack and a killed run left (it would hold the volumes); returns how many
     * services there were.
     */
    public int removeServices(String stack) throws InterruptedException {
        List<SwarmService> services = stackObjects.services(stack);
        for (SwarmService service : services) {
            progress.accept("== teardown " + stack + ": removing service " + service.name() + " left by the undeploy ==");
            docker.removeService(service.id());
        }
        for (ContainerSummary throwaway : docker.containers(Filters.label(DockerClient.THROWAWAY_LABEL)
                .and("label", DockerClient.STACK_LABEL + "=" + stack))) {
            progress.accept("== teardown " + stack + ": removing throw-away container " + throwaway.name() + " ==");
            docker.removeContainer(throwaway.id());
        }
        return services.size();
    }

    /**
     * Waits until no container and no network of the stack remains, removing networks left once
     * the containers are gone.
     *
     * @return true when both are gone, false when the timeout passed first
     */
    public boolean awaitContainersAndNetworksGone(String stack, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        while (true) {
            List<ContainerSummary> containers = stackObjects.containers(stack);
            List<DockerObject> networks = stackObjects.networks(stack);
            if (containers.isEmpty() && networks.isEmpty()) {
                return true;
            }
            if (containers.isEmpty()) {
                removeNetworks(networks);
            }
            long now = System.nanoTime();
            Duration elapsed = Duration.ofNanos(now - start);
            if (elapsed.compareTo(timeout) >= 0) {
                progress.accept("== teardown " + stack + ": still " + containers.size() + " containers, "
                        + networks.size() + " networks after " + ConvergenceWait.seconds(elapsed) + "s ==");
                return false;
            }
            if (now >= nextProgress) {
                progress.accept("== teardown " + stack + ": waiting for " + containers.size() + " containers, "
                        + networks.size() + " networks (" + ConvergenceWait.seconds(elapsed) + "s) ==");
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Removes the stack's volumes, retrying "volume is in use" for up to {@code inUseRetry} (a
     * container that is on its way out still holds them).
     *
     * @return the volumes that could not be removed
     */
    public List<DockerObject> removeVolumes(String stack, Duration inUseRetry) throws InterruptedException {
        long deadline = System.nanoTime() + inUseRetry.toNanos();
        while (true) {
            List<DockerObject> inUse = new ArrayList<>();
            for (DockerObject volume : stackObjects.volumes(stack)) {
                try {
                    docker.removeVolume(volume.name());
                } catch (DockerException e) {
                    if (!e.isConflict()) {
                        throw e;
                    }
                    inUse.add(volume);
                }
            }
            if (inUse.isEmpty() || System.nanoTime() >= deadline) {
                if (!inUse.isEmpty()) {
                    progress.accept("== teardown " + stack + ": volumes still in use: "
                            + inUse.stream().map(DockerObject::name).toList() + " ==");
                }
                return inUse;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Removes the stack's secrets (abra's, named {@code <stack>_*}) and configs.
     *
     * @return those the daemon refused to remove (still used by a service)
     */
    public List<DockerObject> removeSecretsAndConfigs(String stack) throws InterruptedException {
        List<DockerObject> refused = new ArrayList<>();
        for (DockerObject secret : stackObjects.secrets(stack)) {
            try {
                docker.removeSecret(secret.id());
            } catch (DockerException e) {
                if (!e.isConflict()) {
                    throw e;
                }
                refused.add(secret);
            }
        }
        for (DockerObject config : stackObjects.configs(stack)) {
            try {
                docker.removeConfig(config.id());
            } catch (DockerException e) {
                if (!e.isConflict()) {
                    throw e;
                }
                refused.add(config);
            }
        }
        return refused;
    }

    /** The residual check on its own. */
    public StackResidue residue(String stack) throws InterruptedException {
        return stackObjects.residue(stack);
    }

    private void removeNetworks(List<DockerObject> networks) throws InterruptedException {
        for (DockerObject network : networks) {
            try {
                docker.removeNetwork(network.id());
            } catch (DockerException e) {
                // An endpoint still attached (a task detaching this instant): the next poll retries.
                if (e.status() != 403 && !e.isConflict() && e.status() != 500) {
                    throw e;
                }
            }
        }
    }
}
