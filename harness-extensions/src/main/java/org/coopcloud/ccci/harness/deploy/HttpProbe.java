package org.coopcloud.ccci.harness.deploy;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What to ask a service over HTTP from inside its own container, and which answers count as
 * serving.
 *
 * @param path             starts with {@code /}
 * @param acceptedStatuses statuses that mean "serving"; redirects are not followed, a redirect to
 *                         the public https address is the normal answer of many apps
 * @param hostHeader       sent as {@code Host:} when present (apps that route by domain)
 */
public record HttpProbe(int port, String path, Set<Integer> acceptedStatuses, Duration timeout, Optional<String> hostHeader) {
    public static final Set<Integer> DEFAULT_ACCEPTED = Set.of(200, 301, 302);

    public HttpProbe {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("probe path must start with /: " + path);
        }
        acceptedStatuses = Set.copyOf(acceptedStatuses);
    }

    /** {@code GET http://127.0.0.1:<port>/}, accepting 200, 301 and 302 within 5 s. */
    public static HttpProbe of(int port) {
        return new HttpProbe(port, "/", DEFAULT_ACCEPTED, Duration.ofSeconds(5), Optional.empty());
    }

    public HttpProbe withPath(String newPath) {
        return new HttpProbe(port, newPath, acceptedStatuses, timeout, hostHeader);
    }

    public HttpProbe accepting(Set<Integer> statuses) {
        return new HttpProbe(port, path, statuses, timeout, hostHeader);
    }

    public HttpProbe withHostHeader(String host) {
        return new HttpProbe(port, path, acceptedStatuses, timeout, Optional.of(host));
    }

    public String url() {
        return "http://127.0.0.1:" + port + path;
    }
}
