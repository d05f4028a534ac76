package org.coopcloud.ccci.bridge.config;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The Drone server and the cc-ci repository on it whose builds run recipes: keys {@code drone.url},
 * {@code drone.repo} (namespace/name), {@code drone.branch} (default main) and the token's
 * {@code drone.token.file} or {@code drone.token.env}. The bridge and the nightly sweep read the
 * same keys.
 */
public record DroneEndpoint(URI url, String repo, String branch, Secret token) {
    static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    static final java.util.Set<String> KEYS = java.util.Set.of("drone.url", "drone.repo", "drone.branch", "drone.token.file",
            "drone.token.env");

    static DroneEndpoint parse(Properties p, Map<String, String> env) throws ConfigException {
        URI url = ConfigValues.url(p, "drone.url");
        String repo = ConfigValues.required(p, "drone.repo");
        if (!REPO.matcher(repo).matches()) {
            throw new ConfigException("drone.repo: '" + repo + "' is not namespace/name");
        }
        String branch = p.getProperty("drone.branch", "main").strip();
        Secret token = Secret.load("drone.token", p.getProperty("drone.token.file"), p.getProperty("drone.token.env"), env);
        return new DroneEndpoint(url, repo, branch, token);
    }
}
