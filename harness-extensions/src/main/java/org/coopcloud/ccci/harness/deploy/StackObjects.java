package org.coopcloud.ccci.harness.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.coopcloud.ccci.harness.docker.ContainerSummary;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.DockerObject;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SwarmService;

/**
 * Everything on the daemon that belongs to one stack, in one place because teardown and the
 * residual check must agree on it.
 *
 * <p>An object belongs to stack {@code S} when its {@code com.docker.stack.namespace} label is
 * {@code S}, or when it has no such label and its name starts with {@code S_}. The name rule is
 * needed because abra creates the app's secrets itself, unlabelled, named
 * {@code <stack>_<secret>_<version>}. An object labelled for another stack never belongs, even if
 * its name happens to share the prefix.
 */
public final class StackObjects {
    /** The kinds of object a stack leaves, in the order teardown removes them. */
    public enum Kind { SERVICE, CONTAINER, NETWORK, VOLUME, SECRET, CONFIG }

    /** One object of a stack, for reports. */
    public record Item(Kind kind, String id, String name) {
    }

    private final DockerClient docker;

    public StackObjects(DockerClient docker) {
        this.docker = docker;
    }

    public List<SwarmService> services(String stack) throws InterruptedException {
        return owned(stack, docker.services(byLabel(stack)), docker.services(Filters.name(stack + "_")),
                SwarmService::id, SwarmService::name, SwarmService::labels);
    }

    /** Containers in any state: a stopped task container still holds the stack's volumes. */
    public List<ContainerSummary> containers(String stack) throws InterruptedException {
        return owned(stack, docker.containers(byLabel(stack)), docker.containers(Filters.name(stack + "_")),
                ContainerSummary::id, ContainerSummary::name, ContainerSummary::labels);
    }

    public List<DockerObject> networks(String stack) throws InterruptedException {
        return owned(stack, docker.networks(byLabel(stack)), docker.networks(Filters.name(stack + "_")));
    }

    public List<DockerObject> volumes(String stack) throws InterruptedException {
        return owned(stack, docker.volumes(byLabel(stack)), docker.volumes(Filters.name(stack + "_")));
    }

    public List<DockerObject> secrets(String stack) throws InterruptedException {
        return owned(stack, docker.secrets(byLabel(stack)), docker.secrets(Filters.name(stack + "_")));
    }

    public List<DockerObject> configs(String stack) throws InterruptedException {
        return owned(stack, docker.configs(byLabel(stack)), docker.configs(Filters.name(stack + "_")));
    }

    /** Whatever of the stack is still there, of every kind (about 0.1 s on a quiet daemon). */
    public StackResidue residue(String stack) throws InterruptedException {
        List<Item> items = new ArrayList<>();
        services(stack).forEach(s -> items.add(new Item(Kind.SERVICE, s.id(), s.name())));
        containers(stack).forEach(c -> items.add(new Item(Kind.CONTAINER, c.id(), c.name() + " (" + c.state() + ")")));
        add(items, Kind.NETWORK, networks(stack));
        add(items, Kind.VOLUME, volumes(stack));
        add(items, Kind.SECRET, secrets(stack));
        add(items, Kind.CONFIG, configs(stack));
        return new StackResidue(stack, items);
    }

    /** The ownership rule of the class comment. */
    static boolean belongs(String stack, String name, Map<String, String> labels) {
        String namespace = labels.get(DockerClient.STACK_LABEL);
        return namespace != null ? namespace.equals(stack) : name.startsWith(stack + "_");
    }

    private static Filters byLabel(String stack) {
        return Filters.label(DockerClient.STACK_LABEL + "=" + stack);
    }

    private static List<DockerObject> owned(String stack, List<DockerObject> byLabel, List<DockerObject> byName) {
        return owned(stack, byLabel, byName, DockerObject::id, DockerObject::name, DockerObject::labels);
    }

    private static <T> List<T> owned(String stack, List<T> byLabel, List<T> byName, Function<T, String> id,
            Function<T, String> name, Function<T, Map<String, String>> labels) {
        Map<String, T> merged = new LinkedHashMap<>();
        for (List<T> candidates : List.of(byLabel, byName)) {
            for (T candidate : candidates) {
                if (belongs(stack, name.apply(candidate), labels.apply(candidate))) {
                    merged.putIfAbsent(id.apply(candidate), candidate);
                }
            }
        }
        return List.copyOf(merged.values());
    }

    private static void add(List<Item> items, Kind kind, List<DockerObject> objects) {
        objects.forEach(o -> items.add(new Item(kind, o.id(), o.name())));
    }
}
