package org.coopcloud.ccci.harness.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.DockerException;
import org.coopcloud.ccci.harness.docker.ExecResult;
import org.coopcloud.ccci.harness.docker.SwarmTask;

/**
 * Checks that a service answers HTTP, by exec into one of its running task containers.
 *
 * <p>Why exec: this swarm has no working ingress routing mesh and stack networks are not
 * attachable, so neither a published port nor a helper container reaches the app reliably, while
 * {@code docker exec <task> wget ...} always does (70 to 110 ms a check; swarm-facts.md).
 *
 * <p>The command is a small {@code sh} script that uses {@code curl} when the image has it
 * ({@code -w '%{http_code}'}, no redirect following), else {@code wget -S}, which prints every
 * response's status line ({@code   HTTP/1.1 302 Found}) to stderr; busybox and GNU wget both do, and
 * the first one is the app's own answer even when wget goes on to follow a redirect. busybox
 * {@code wget -T} segfaults, so the time limit is {@code timeout N} around wget. No {@code -q}:
 * GNU wget's quiet mode hides the headers. The status is the first {@code HTTP/x.y NNN} in the
 * output. Images without {@code sh} need a recipe-configured probe instead.
 */
public final class HttpHealthProbe {
    static final String SCRIPT = """
            url=$1; t=$2; host=$3
            if command -v curl >/dev/null 2>&1; then
              if [ -n "$host" ]; then set -- -H "Host: $host"; else set --; fi
              curl -sS -o /dev/null --max-time "$t" -w 'HTTP/1.1 %{http_code}\\n' "$@" "$url" 2>&1
              exit 0
            fi
            if command -v wget >/dev/null 2>&1; then
              if [ -n "$host" ]; then set -- --header "Host: $host"; else set --; fi
              if command -v timeout >/dev/null 2>&1; then set -- timeout "$t" wget "$@"; else set -- wget "$@"; fi
              "$@" -S -O /dev/null "$url" 2>&1
              exit 0
            fi
            echo 'neither curl nor wget in the container'
            exit 127
            """;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d(?:\\.\\d)?\\s+(\\d{3})");
    private static final Duration EXEC_OVERHEAD = Duration.ofSeconds(5);

    private final DockerClient docker;

    public HttpHealthProbe(DockerClient docker) {
        this.docker = docker;
    }

    /**
     * Probes the service once, in the container of one of its running tasks.
     *
     * @param service the full service name, {@code <stack>_<service>}
     */
    public HealthCheckResult check(String service, HttpProbe probe) throws InterruptedException {
        Optional<SwarmTask> task = docker.tasksOfService(service).stream()
                .filter(SwarmTask::isRunning)
                .filter(t -> !t.containerId().isEmpty())
                .findFirst();
        if (task.isEmpty()) {
            return new HealthCheckResult(service, probe.url(), false, OptionalInt.empty(), "",
                    "no running task of " + service + " to probe");
        }
        String container = task.get().containerId();
        long seconds = Math.max(1, (probe.timeout().toMillis() + 999) / 1000);
        ExecResult result;
        try {
            result = docker.exec(container,
                    List.of("sh", "-c", SCRIPT, "ccci-probe", probe.url(), Long.toString(seconds), probe.hostHeader().orElse("")),
                    probe.timeout().plus(EXEC_OVERHEAD));
        } catch (DockerException e) {
            if (!e.isNotFound() && !e.isConflict()) {
                throw e;
            }
            // The task's container stopped or vanished since it was listed: the app's failure, not ours.
            return new HealthCheckResult(service, probe.url(), false, OptionalInt.empty(), container,
                    "the task container of " + service + " went away before the probe ran: " + e.daemonMessage());
        }
        String output = (result.stdout() + result.stderr()).strip();
        OptionalInt status = firstStatus(output);
        if (status.isEmpty()) {
            return new HealthCheckResult(service, probe.url(), false, status, container,
                    "no HTTP answer from " + probe.url() + " in " + service + " (exit " + result.exitCode() + "): " + abbreviate(output));
        }
        boolean healthy = probe.acceptedStatuses().contains(status.getAsInt());
        return new HealthCheckResult(service, probe.url(), healthy, status, container,
                probe.url() + " in " + service + " answered " + status.getAsInt()
                        + (healthy ? "" : ", expected one of " + probe.acceptedStatuses().stream().sorted().toList()
                                + ": " + abbreviate(output)));
    }

    /** The first real status in the probe's output; curl's {@code 000} means no answer. */
    static OptionalInt firstStatus(String output) {
        Matcher matcher = STATUS_LINE.matcher(output);
        while (matcher.find()) {
            int status = Integer.parseInt(matcher.group(1));
            if (status >= 100) {
                return OptionalInt.of(status);
            }
        }
        return OptionalInt.empty();
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }
}
