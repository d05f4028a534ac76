package org.coopcloud.ccci.harness.markers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.docker.ContainerSummary;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.DockerException;
import org.coopcloud.ccci.harness.docker.DockerObject;
import org.coopcloud.ccci.harness.docker.Filters;
import org.coopcloud.ccci.harness.docker.SmallTar;

/**
 * cc-ci's own marker file ({@value #FILE}) in each named volume of a stack, written and read from
 * OUTSIDE the app's containers, as backup-bot-two reads volumes: a throw-away container mounts the
 * volumes and the file goes in and out through the Engine API's archive endpoints. That container
 * is created and removed, never started, so nothing runs in it: its image needs no shell, no tar,
 * nothing at all, and the app's files and containers are never touched.
 *
 * <p>The image: by default the image of a container that mounts the volume (the app's own image),
 * because that one is on the node holding the volume, on a production server as here; nothing is
 * pulled. {@value #IMAGE_ENV} ({@code ccci.markers.image}) names another (any image on the node).
 *
 * <p>One node: the volumes are read on the node the Docker socket belongs to. On a swarm of several
 * nodes a volume lives on the node its task ran on; reaching it needs a one-shot service constrained
 * to that node, which is not built: there the markers say so ({@link #unsupported()}) and the data
 * check stays unverified.
 */
public final class VolumeMarkers {
    public static final String FILE = ".cc-ci-marker";
    public static final String IMAGE_PARAMETER = "ccci.markers.image";
    public static final String IMAGE_ENV = "CCCI_MARKER_IMAGE";
    /** Where the throw-away container mounts the volumes: {@code /cc-ci-volumes/0}, {@code /1}, ... */
    private static final String MOUNTS = "/cc-ci-volumes";

    private final DockerClient docker;
    private final String stack;
    private final Optional<String> image;

    public VolumeMarkers(DockerClient docker, String stack, Optional<String> image) {
        this.docker = docker;
        this.stack = stack;
        this.image = image.filter(i -> !i.isBlank());
    }

    /** The markers of a run's stack, with the image setting from the run's settings. */
    public static VolumeMarkers of(DockerClient docker, String stack, Settings settings) {
        return new VolumeMarkers(docker, stack, settings.get(IMAGE_PARAMETER, IMAGE_ENV));
    }

    /** Why markers cannot be used on this swarm at all, if they cannot. */
    public Optional<String> unsupported() throws InterruptedException {
        long nodes = docker.swarmNodes();
        if (nodes > 1) {
            return Optional.of("the swarm has " + nodes + " nodes: volume markers read volumes on the node the harness"
                    + " talks to, and a volume lives on the node its task ran on (a one-shot service constrained to"
                    + " that node is not built; docs/writing-a-recipe-suite.md)");
        }
        return Optional.empty();
    }

    /** The stack's named volumes (as {@code docker stack deploy} made them), by full name, sorted. */
    public List<String> volumes() throws InterruptedException {
        return docker.volumes(Filters.label(DockerClient.STACK_LABEL + "=" + stack)).stream().map(DockerObject::name)
                .filter(name -> name.startsWith(stack + "_")).sorted().toList();
    }

    /**
     * Writes the marker into each volume.
     *
     * @return per volume, why it could not take the file (empty when it did): such a volume stays
     *         unverified, never passed
     */
    public Map<String, Optional<String>> write(Collection<String> volumes, String content) throws InterruptedException {
        Map<String, Optional<String>> outcome = new TreeMap<>();
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        forEachGroup(volumes, outcome, (container, mounts) -> {
            // One extraction writes every volume's marker (each archive call mounts the container anew).
            Map<String, byte[]> files = new LinkedHashMap<>();
            mounts.values().forEach(mount -> files.put(mount.substring(MOUNTS.length() + 1) + "/" + FILE, bytes));
            try {
                docker.putArchive(container, MOUNTS, SmallTar.of(files, now));
                mounts.keySet().forEach(volume -> outcome.put(volume, Optional.empty()));
                return;
            } catch (DockerException refused) {
                // Some volume refused: one at a time, to say which.
            }
            byte[] tar = SmallTar.of(FILE, bytes, now);
            for (Map.Entry<String, String> mount : mounts.entrySet()) {
                try {
                    docker.putArchive(container, mount.getValue(), tar);
                    outcome.put(mount.getKey(), Optional.empty());
                } catch (DockerException e) {
                    outcome.put(mount.getKey(), Optional.of("it cannot take a file: " + e.getMessage()));
                }
            }
        });
        return outcome;
    }

    /**
     * The marker in each volume: its content, or empty when the file is not there. A volume that
     * is gone has no marker.
     */
    public Map<String, Optional<String>> read(Collection<String> volumes) throws InterruptedException {
        Map<String, Optional<String>> markers = new TreeMap<>();
        List<String> present = new ArrayList<>();
        List<String> existing = volumes();
        for (String volume : volumes) {
            if (existing.contains(volume)) {
                present.add(volume);
            } else {
                markers.put(volume, Optional.empty());
            }
        }
        Map<String, Optional<String>> problems = new TreeMap<>();
        forEachGroup(present, problems, (container, mounts) -> {
            for (Map.Entry<String, String> mount : mounts.entrySet()) {
                markers.put(mount.getKey(), docker.getArchive(container, mount.getValue() + "/" + FILE)
                        .flatMap(SmallTar::firstFile).map(bytes -> new String(bytes, StandardCharsets.UTF_8)));
            }
        });
        if (!problems.isEmpty()) {
            // Writing found these volumes fine: not finding an image now is the harness's trouble.
            throw new DockerException("cannot read the volume markers: " + problems);
        }
        return markers;
    }

    private interface GroupAction {
        /** @param mounts volume to where the container mounts it */
        void apply(String container, Map<String, String> mounts) throws InterruptedException;
    }

    /**
     * One throw-away container per image, mounting every volume that image serves; it is removed
     * whatever happens (in the background: nothing waits on it, and teardown removes one a killed run
     * left). A volume with no image to use gets its reason in {@code problems}.
     */
    private void forEachGroup(Collection<String> volumes, Map<String, Optional<String>> problems, GroupAction action)
            throws InterruptedException {
        Map<String, List<String>> byImage = new LinkedHashMap<>();
        Map<String, String> images = image.isPresent() || volumes.isEmpty() ? Map.of() : imagesOfContainersMounting(volumes);
        for (String volume : volumes) {
            Optional<String> chosen = image.isPresent() ? image : Optional.ofNullable(images.get(volume));
            if (chosen.isEmpty()) {
                problems.put(volume, Optional.of("no container mounts it, so no image is known to be on its node (set "
                        + IMAGE_ENV + " to an image the node has)"));
                continue;
            }
            byImage.computeIfAbsent(chosen.get(), i -> new ArrayList<>()).add(volume);
        }
        for (Map.Entry<String, List<String>> group : byImage.entrySet()) {
            Map<String, String> mounts = new LinkedHashMap<>();
            for (String volume : group.getValue()) {
                mounts.put(volume, MOUNTS + "/" + mounts.size());
            }
            String container;
            try {
                container = docker.createIdleContainer(group.getKey(), mounts,
                        Map.of(DockerClient.THROWAWAY_LABEL, "volume-markers", DockerClient.STACK_LABEL, stack));
            } catch (DockerException e) {
                for (String volume : group.getValue()) {
                    problems.put(volume, Optional.of("no throw-away container of image " + group.getKey() + " could mount it: "
                            + e.getMessage()));
                }
                continue;
            }
            try {
                action.apply(container, mounts);
            } finally {
                removeInTheBackground(container);
            }
        }
    }

    private void removeInTheBackground(String container) {
        Thread removal = new Thread(() -> {
            try {
                docker.removeContainer(container);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (DockerException e) {
                System.out.println("== volume markers: could not remove throw-away container " + container
                        + " (teardown removes it): " + e.getMessage() + " ==");
            }
        }, "ccci-marker-container-removal");
        removal.setDaemon(true);
        removal.start();
    }

    /** Volume to the image of a container that mounts it (a running one first), from one listing. */
    private Map<String, String> imagesOfContainersMounting(Collection<String> volumes) throws InterruptedException {
        Map<String, String> images = new LinkedHashMap<>();
        Filters mounting = Filters.none();
        for (String volume : volumes) {
            mounting = mounting.and("volume", volume); // the daemon ORs the values of one filter
        }
        List<ContainerSummary> containers = new ArrayList<>(docker.containers(mounting));
        containers.sort((a, b) -> Boolean.compare("running".equals(b.state()), "running".equals(a.state())));
        for (ContainerSummary container : containers) {
            if (container.imageId().isEmpty() || container.labels().containsKey(DockerClient.THROWAWAY_LABEL)) {
                continue;
            }
            for (String volume : container.volumes()) {
                if (volumes.contains(volume)) {
                    images.putIfAbsent(volume, container.imageId());
                }
            }
        }
        return images;
    }
}
