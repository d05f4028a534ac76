package org.coopcloud.ccci.harness.docker;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker Engine API calls the harness makes, over the daemon's unix socket.
 *
 * <p>Why a small client of our own rather than docker-java: docker-java brings a transitive tree
 * (jackson-databind, httpclient5, Apache Commons, BouncyCastle, slf4j; guava-free now, but heavy)
 * for the ~15 endpoints we use; the JVM gets to its first call faster without it; and every call
 * here is a plain HTTP/1.1 exchange on the JDK's own unix-domain {@code SocketChannel}, which is
 * interruptible, so SIGTERM ends any call at once. JSON is jackson-jr (one small jar plus
 * jackson-core).
 *
 * <p>API version: 1.41 (dockerd 20.10), never higher, because status counts on the service list
 * ({@code status=true}) need 1.41 and a version above the daemon's is refused with "client version
 * is too new". Against a daemon whose minimum is above 1.41 we use its minimum instead.
 *
 * <p>Every method throws {@link DockerException} (unchecked, an infrastructure failure) when the
 * daemon is unreachable or answers an error, and {@link InterruptedException} when the calling
 * thread is interrupted. Removals return false when the object was already gone.
 */
public final class DockerClient {
    /** The label {@code docker stack deploy} puts on everything of a stack. */
    public static final String STACK_LABEL = "com.docker.stack.namespace";
    /**
     * On a container the harness makes for a moment (never started: it only mounts a stack's volumes
     * for their files), together with the stack's label: teardown removes one a killed run left.
     */
    public static final String THROWAWAY_LABEL = "org.coopcloud.ccci.throwaway";
    static final String PREFERRED_API_VERSION = "1.41";
    private static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final UnixSocketTransport transport;
    private final Duration callTimeout;
    private volatile String apiPrefix;

    public DockerClient(Path socket) {
        this(socket, DEFAULT_CALL_TIMEOUT);
    }

    public DockerClient(Path socket, Duration callTimeout) {
        this.transport = new UnixSocketTransport(socket);
        this.callTimeout = callTimeout;
    }

    /** The client for {@code DOCKER_HOST} (unix:// only) or /var/run/docker.sock. */
    public static DockerClient fromEnvironment() {
        return new DockerClient(DockerSocket.fromEnvironment());
    }

    public Path socket() {
        return transport.socket();
    }

    /** Checks the daemon answers; the exception says where we looked. */
    public void ping() throws InterruptedException {
        HttpResponse response = send("GET", "/_ping", null, callTimeout);
        if (!response.isSuccess()) {
            throw error("GET /_ping", response);
        }
    }

    /** The API version this client speaks to the daemon, negotiated once. */
    public String apiVersion() throws InterruptedException {
        return prefix().substring(2);
    }

    // ---- services and tasks

    /** Services with their running and desired task counts and their update status. */
    public List<SwarmService> services(Filters filters) throws InterruptedException {
        List<SwarmService> services = new ArrayList<>();
        for (Object s : list(get("/services", "status=true", filters))) {
            Object updateState = Json.at(s, "UpdateStatus", "State");
            services.add(new SwarmService(
                    Json.string(s, "ID"),
                    Json.string(s, "Spec", "Name"),
                    Json.stringMap(s, "Spec", "Labels"),
                    Json.number(s, "ServiceStatus", "RunningTasks"),
                    Json.number(s, "ServiceStatus", "DesiredTasks"),
                    Optional.ofNullable(updateState).map(Object::toString).filter(state -> !state.isEmpty()),
                    Json.string(s, "UpdateStatus", "Message"),
                    Json.at(s, "PreviousSpec") != null
                            && !java.util.Objects.equals(Json.at(s, "PreviousSpec", "TaskTemplate"), Json.at(s, "Spec", "TaskTemplate"))));
        }
        return services;
    }

    /**
     * The service with exactly this name, e.g. to read the version label abra put on
     * {@code <stack>_app} (the daemon's name filter alone would match by prefix).
     */
    public Optional<SwarmService> service(String exactName) throws InterruptedException {
        return services(Filters.name(exactName)).stream().filter(s -> s.name().equals(exactName)).findFirst();
    }

    public List<SwarmTask> tasks(Filters filters) throws InterruptedException {
        List<SwarmTask> tasks = new ArrayList<>();
        for (Object t : list(get("/tasks", "", filters))) {
            tasks.add(new SwarmTask(
                    Json.string(t, "ID"),
                    Json.string(t, "ServiceID"),
                    Json.number(t, "Slot"),
                    Json.string(t, "Status", "State"),
                    Json.string(t, "DesiredState"),
                    Json.string(t, "Status", "Err"),
                    Json.string(t, "Status", "Message"),
                    Json.string(t, "Status", "ContainerStatus", "ContainerID"),
                    instant(Json.string(t, "CreatedAt")),
                    instant(Json.string(t, "Status", "Timestamp")),
                    hasHealthCheck(Json.list(t, "Spec", "ContainerSpec", "Healthcheck", "Test"))));
        }
        return tasks;
    }

    /** A health check is set unless absent, empty or {@code ["NONE"]} (compose's {@code disable: true}). */
    private static boolean hasHealthCheck(List<?> test) {
        return !test.isEmpty() && !"NONE".equals(String.valueOf(test.get(0)));
    }

    /**
     * The last lines a container wrote, stdout and stderr in the order written (a container of
     * a failed task keeps its log until the swarm prunes it from the task history).
     */
    public List<String> containerLogTail(String containerId, int lines) throws InterruptedException {
        HttpResponse response = send("GET", prefix() + "/containers/" + segment(containerId)
                + "/logs?stdout=true&stderr=true&tail=" + lines, null, callTimeout);
        if (!response.isSuccess()) {
            throw error("GET /containers/" + containerId + "/logs", response);
        }
        byte[] text;
        try {
            text = StreamDemultiplexer.inOrder(response.body());
        } catch (IOException tty) {
            text = response.body(); // a TTY container's log is not multiplexed
        }
        return new String(text, StandardCharsets.UTF_8).lines().toList();
    }

    /** The tasks of one service, by its full name ({@code <stack>_<service>}) or id. */
    public List<SwarmTask> tasksOfService(String service) throws InterruptedException {
        return tasks(Filters.none().and("service", service));
    }

    /** @return false when the service was already gone */
    public boolean removeService(String idOrName) throws InterruptedException {
        return delete("/services/" + segment(idOrName));
    }

    /** Sets a replicated service's replica count (backup/restore scales to 0 and back). */
    public void scaleService(String idOrName, long replicas) throws InterruptedException {
        Object service = get("/services/" + segment(idOrName), "", Filters.none());
        Object spec = Json.at(service, "Spec");
        if (!(Json.at(spec, "Mode", "Replicated") instanceof Map<?, ?> replicated)) {
            throw new IllegalArgumentException("service " + idOrName + " is not replicated: cannot scale it");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> mutable = (Map<String, Object>) replicated;
        mutable.put("Replicas", replicas);
        long version = Json.number(service, "Version", "Index");
        call("POST", "/services/" + segment(idOrName) + "/update?version=" + version, spec);
    }

    // ---- containers and exec

    /** Containers in any state (a stopped container of a stack still holds its volumes). */
    public List<ContainerSummary> containers(Filters filters) throws InterruptedException {
        List<ContainerSummary> containers = new ArrayList<>();
        for (Object c : list(get("/containers/json", "all=true", filters))) {
            List<?> names = Json.list(c, "Names");
            String name = names.isEmpty() ? "" : names.get(0).toString().replaceFirst("^/", "");
            List<String> volumes = new ArrayList<>();
            for (Object mount : Json.list(c, "Mounts")) {
                if ("volume".equals(Json.string(mount, "Type")) && !Json.string(mount, "Name").isEmpty()) {
                    volumes.add(Json.string(mount, "Name"));
                }
            }
            containers.add(new ContainerSummary(Json.string(c, "Id"), name, Json.string(c, "State"), Json.stringMap(c, "Labels"),
                    Json.string(c, "ImageID"), List.copyOf(volumes)));
        }
        return containers;
    }

    /**
     * The container's own record of its process ({@code GET /containers/{id}/json}). Measured here
     * under load (a task that exits 0.5 s after its start): the swarm stamped the task running 2 ms
     * after the container started, but failed 0.09 to 0.17 s after the process exited, and a task
     * list read in between shows a task running whose process is gone.
     *
     * @return empty when this daemon has no such container (a task on another node, or removed)
     */
    public Optional<ContainerState> containerState(String containerId) throws InterruptedException {
        String path = "/containers/" + segment(containerId) + "/json";
        HttpResponse response = send("GET", prefix() + path, null, callTimeout);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (!response.isSuccess()) {
            throw error("GET " + path, response);
        }
        Object inspect = Json.parse(response.body());
        return Optional.of(new ContainerState(Json.bool(inspect, "State", "Running") && !Json.bool(inspect, "State", "Restarting"),
                instant(Json.string(inspect, "State", "FinishedAt"))));
    }

    /**
     * Creates a container that is never meant to start: no network, the given named volumes
     * mounted ({@code volume -> path in the container}), an explicit command (an image may have
     * none). Its files are then read and written through {@link #putArchive}/{@link #getArchive},
     * which need nothing inside the image: no shell, no tar.
     *
     * @return the container's id
     */
    public String createIdleContainer(String image, Map<String, String> volumes, Map<String, String> labels)
            throws InterruptedException {
        List<Map<String, Object>> mounts = new ArrayList<>();
        volumes.forEach((volume, target) -> mounts.add(Map.of("Type", "volume", "Source", volume, "Target", target)));
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("NetworkMode", "none");
        hostConfig.put("Mounts", mounts);
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("Image", image);
        create.put("Entrypoint", List.of("/cc-ci-never-started"));
        create.put("Cmd", List.of());
        create.put("NetworkDisabled", true);
        create.put("Labels", labels);
        create.put("HostConfig", hostConfig);
        return Json.string(call("POST", "/containers/create", create), "Id");
    }

    /** Extracts a tar stream into a directory of a container (running or not; volumes included). */
    public void putArchive(String containerId, String directory, byte[] tar) throws InterruptedException {
        String path = "/containers/" + segment(containerId) + "/archive";
        HttpResponse response = send("PUT", prefix() + path + "?path=" + segment(directory) + "&noOverwriteDirNonDir=true",
                tar, "application/x-tar", callTimeout);
        if (!response.isSuccess()) {
            throw error("PUT " + path, response);
        }
    }

    /**
     * A file or directory of a container as a tar stream (running or not; volumes included).
     *
     * @return empty when the path does not exist
     */
    public Optional<byte[]> getArchive(String containerId, String path) throws InterruptedException {
        String call = "/containers/" + segment(containerId) + "/archive";
        HttpResponse response = send("GET", prefix() + call + "?path=" + segment(path), null, callTimeout);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (!response.isSuccess()) {
            throw error("GET " + call, response);
        }
        return Optional.of(response.body());
    }

    /**
     * Removes a container, running or not, with its anonymous volumes (an image's {@code VOLUME}
     * paths get one each at create), never a named one.
     *
     * @return false when it was already gone
     */
    public boolean removeContainer(String id) throws InterruptedException {
        return delete("/containers/" + segment(id) + "?force=true&v=true");
    }

    /**
     * The volumes a service's tasks mount ({@code TaskTemplate.ContainerSpec.Mounts} of type
     * {@code volume}): volume name to the path in the container.
     */
    public Map<String, String> serviceVolumeMounts(String idOrName) throws InterruptedException {
        Object service = get("/services/" + segment(idOrName), "", Filters.none());
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object mount : Json.list(service, "Spec", "TaskTemplate", "ContainerSpec", "Mounts")) {
            if ("volume".equals(Json.string(mount, "Type")) && !Json.string(mount, "Source").isEmpty()) {
                mounts.put(Json.string(mount, "Source"), Json.string(mount, "Target"));
            }
        }
        return mounts;
    }

    /** How many nodes the swarm this daemon manages has ({@code GET /nodes}: cheaper than {@code /info}). */
    public long swarmNodes() throws InterruptedException {
        return list(get("/nodes", "", Filters.none())).size();
    }

    /**
     * Runs a command in a running container, without a TTY, and waits for it to end.
     *
     * @param timeout how long the whole exchange may take; the command itself is not killed when it
     *                runs over (wrap it in {@code timeout N} inside the container for that)
     */
    public ExecResult exec(String containerId, List<String> command, Duration timeout) throws InterruptedException {
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("AttachStdin", false);
        create.put("AttachStdout", true);
        create.put("AttachStderr", true);
        create.put("Tty", false);
        create.put("Cmd", command);
        String execId = Json.string(call("POST", "/containers/" + segment(containerId) + "/exec", create), "Id");

        String start = "POST /exec/" + execId + "/start";
        HttpResponse started = send("POST", prefix() + "/exec/" + execId + "/start",
                Json.write(Map.of("Detach", false, "Tty", false)), timeout);
        if (!started.isSuccess()) {
            throw error(start, started);
        }
        StreamDemultiplexer.Streams streams;
        try {
            streams = StreamDemultiplexer.demultiplex(started.body());
        } catch (IOException e) {
            throw new DockerException(start + ": unreadable output stream: " + e.getMessage(), e);
        }
        return new ExecResult(exitCode(execId), new String(streams.stdout(), StandardCharsets.UTF_8),
                new String(streams.stderr(), StandardCharsets.UTF_8));
    }

    /**
     * The exit code, once the daemon has recorded it: the output stream can close a moment
     * before the exit event is processed, so a few short polls cover that gap.
     */
    private int exitCode(String execId) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Object inspect = get("/exec/" + execId + "/json", "", Filters.none());
            if (!Json.bool(inspect, "Running") && Json.at(inspect, "ExitCode") instanceof Number code) {
                return code.intValue();
            }
            if (attempt >= 100) {
                throw new DockerException("exec " + execId + " closed its output but reports no exit code after 2 s");
            }
            Thread.sleep(20);
        }
    }

    // ---- networks, volumes, secrets, configs

    public List<DockerObject> networks(Filters filters) throws InterruptedException {
        return objects(list(get("/networks", "", filters)), "Id", "Name", "Labels");
    }

    public boolean removeNetwork(String id) throws InterruptedException {
        return delete("/networks/" + segment(id));
    }

    public List<DockerObject> volumes(Filters filters) throws InterruptedException {
        return objects(Json.list(get("/volumes", "", filters), "Volumes"), "Name", "Name", "Labels");
    }

    /**
     * @return false when the volume was already gone
     * @throws DockerException with {@link DockerException#isConflict()} while a container (even a
     *                         stopped one) still uses it
     */
    public boolean removeVolume(String name) throws InterruptedException {
        return delete("/volumes/" + segment(name));
    }

    /** Secrets; the {@code name} filter matches by prefix, see {@link #secret(String)}. */
    public List<DockerObject> secrets(Filters filters) throws InterruptedException {
        return objectsWithSpec(list(get("/secrets", "", filters)));
    }

    /** The secret with exactly this name (the daemon's name filter alone would match by prefix). */
    public Optional<DockerObject> secret(String exactName) throws InterruptedException {
        return secrets(Filters.name(exactName)).stream().filter(s -> s.name().equals(exactName)).findFirst();
    }

    /** Creates a secret; its value goes only into the request body, never into a message. */
    public String createSecret(String name, byte[] value, Map<String, String> labels) throws InterruptedException {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("Name", name);
        spec.put("Labels", labels);
        spec.put("Data", Base64.getEncoder().encodeToString(value));
        return Json.string(call("POST", "/secrets/create", spec), "ID");
    }

    /** @throws DockerException with {@link DockerException#isConflict()} while a service uses it */
    public boolean removeSecret(String id) throws InterruptedException {
        return delete("/secrets/" + segment(id));
    }

    public List<DockerObject> configs(Filters filters) throws InterruptedException {
        return objectsWithSpec(list(get("/configs", "", filters)));
    }

    public boolean removeConfig(String id) throws InterruptedException {
        return delete("/configs/" + segment(id));
    }

    // ---- plumbing

    private Object get(String path, String query, Filters filters) throws InterruptedException {
        String filter = filters.asQueryParameter();
        String fullQuery = query.isEmpty() ? filter : filter.isEmpty() ? query : query + "&" + filter;
        return call("GET", fullQuery.isEmpty() ? path : path + "?" + fullQuery, null);
    }

    private Object call(String method, String pathAndQuery, Object body) throws InterruptedException {
        HttpResponse response = send(method, prefix() + pathAndQuery, body == null ? null : Json.write(body), callTimeout);
        if (!response.isSuccess()) {
            throw error(method + " " + withoutQuery(pathAndQuery), response);
        }
        return response.body().length == 0 ? null : Json.parse(response.body());
    }

    private boolean delete(String path) throws InterruptedException {
        HttpResponse response = send("DELETE", prefix() + path, null, callTimeout);
        if (response.status() == 404) {
            return false;
        }
        if (!response.isSuccess()) {
            throw error("DELETE " + path, response);
        }
        return true;
    }

    private HttpResponse send(String method, String target, byte[] body, Duration timeout) throws InterruptedException {
        return send(method, target, body, "application/json", timeout);
    }

    private HttpResponse send(String method, String target, byte[] body, String contentType, Duration timeout)
            throws InterruptedException {
        try {
            return transport.exchange(method, target, body, contentType, timeout);
        } catch (IOException e) {
            throw new DockerException("docker daemon at " + transport.socket() + ": " + method + " "
                    + withoutQuery(target) + ": " + e.getMessage(), e);
        }
    }

    private String prefix() throws InterruptedException {
        String prefix = apiPrefix;
        if (prefix == null) {
            HttpResponse response = send("GET", "/version", null, callTimeout);
            if (!response.isSuccess()) {
                throw error("GET /version", response);
            }
            Object version = Json.parse(response.body());
            prefix = "/v" + negotiate(Json.string(version, "MinAPIVersion"), Json.string(version, "ApiVersion"));
            apiPrefix = prefix;
        }
        return prefix;
    }

    /** 1.41 when the daemon supports it, else the supported version nearest to it. */
    static String negotiate(String daemonMin, String daemonMax) {
        if (!daemonMax.isEmpty() && minor(daemonMax) < minor(PREFERRED_API_VERSION)) {
            return daemonMax;
        }
        if (!daemonMin.isEmpty() && minor(daemonMin) > minor(PREFERRED_API_VERSION)) {
            return daemonMin;
        }
        return PREFERRED_API_VERSION;
    }

    private static int minor(String version) {
        try {
            return Integer.parseInt(version.substring(version.indexOf('.') + 1));
        } catch (RuntimeException e) {
            throw new DockerException("unreadable API version from the daemon: " + version, e);
        }
    }

    private static DockerException error(String call, HttpResponse response) {
        String message;
        try {
            message = Json.string(Json.parse(response.body()), "message");
        } catch (RuntimeException notJson) {
            message = "";
        }
        if (message.isEmpty()) {
            String text = response.bodyText().strip();
            message = text.isEmpty() ? response.reason() : text.length() > 500 ? text.substring(0, 500) + "..." : text;
        }
        return new DockerException(call, response.status(), message);
    }

    private static List<?> list(Object json) {
        return json instanceof List<?> list ? list : List.of();
    }

    private static List<DockerObject> objects(List<?> json, String idKey, String nameKey, String labelsKey) {
        List<DockerObject> objects = new ArrayList<>();
        for (Object o : json) {
            objects.add(new DockerObject(Json.string(o, idKey), Json.string(o, nameKey), Json.stringMap(o, labelsKey)));
        }
        return objects;
    }

    /** Secrets and configs keep their name and labels under {@code Spec}. */
    private static List<DockerObject> objectsWithSpec(List<?> json) {
        List<DockerObject> objects = new ArrayList<>();
        for (Object o : json) {
            objects.add(new DockerObject(Json.string(o, "ID"), Json.string(o, "Spec", "Name"), Json.stringMap(o, "Spec", "Labels")));
        }
        return objects;
    }

    private static Instant instant(String timestamp) {
        try {
            return timestamp.isEmpty() ? Instant.EPOCH : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String segment(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }

    private static String withoutQuery(String target) {
        int question = target.indexOf('?');
        return question < 0 ? target : target.substring(0, question);
    }
}
