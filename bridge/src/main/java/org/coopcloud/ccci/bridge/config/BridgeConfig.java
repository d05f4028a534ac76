package org.coopcloud.ccci.bridge.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bridge's configuration, read from a Java properties file (format and keys in
 * docs/operations.md). Tokens are never values in this file: it names a file or an env var
 * holding each, so the file itself can be world-readable and kept in version control.
 */
public record BridgeConfig(
        URI giteaUrl,
        Secret giteaToken,
        List<String> repos,
        String org,
        Set<String> allowlist,
        URI droneUrl,
        String droneRepo,
        String droneBranch,
        Secret droneToken,
        URI dashboardUrl,
        String runPagePath,
        Duration pollInterval,
        Duration firstLookback,
        Duration resultsGrace,
        Path stateDb,
        Optional<Webhook> webhook,
        Duration httpTimeout,
        int httpAttempts) {

    /** The optional webhook endpoint: where it listens and the secret Gitea signs with. */
    public record Webhook(String bindAddress, int port, Secret secret) {
    }

    private static final Pattern REPO = DroneEndpoint.REPO;
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Set<String> KNOWN_KEYS = Set.of("gitea.url", "gitea.token.file", "gitea.token.env", "repos",
            "org", "allowlist", "drone.url", "drone.repo", "drone.branch", "drone.token.file", "drone.token.env",
            "dashboard.url", "dashboard.run-page", "poll.interval.seconds", "poll.first-lookback.minutes",
            "results.grace.minutes", "state.db", "webhook.port", "webhook.bind", "webhook.secret.file",
            "webhook.secret.env", "http.timeout.seconds", "http.attempts");

    public static BridgeConfig load(Path file, Map<String, String> env) throws ConfigException {
        return parse(ConfigValues.load(file), env);
    }

    public static BridgeConfig parse(Properties p, Map<String, String> env) throws ConfigException {
        ConfigValues.checkKeys(p, KNOWN_KEYS, Set.of("webhook.secret"));
        URI gitea = ConfigValues.url(p, "gitea.url");
        List<String> repos = ConfigValues.list(p, "repos");
        if (repos.isEmpty()) {
            throw new ConfigException("repos: name at least one enrolled recipe repository as owner/name");
        }
        for (String repo : repos) {
            if (!REPO.matcher(repo).matches()) {
                throw new ConfigException("repos: '" + repo + "' is not owner/name");
            }
        }
        String org = ConfigValues.required(p, "org");
        if (!LOGIN.matcher(org).matches()) {
            throw new ConfigException("org: '" + org + "' is not an organisation name");
        }
        Set<String> allowlist = new LinkedHashSet<>();
        for (String login : ConfigValues.list(p, "allowlist")) {
            if (!LOGIN.matcher(login).matches()) {
                throw new ConfigException("allowlist: '" + login + "' is not a user name");
            }
            allowlist.add(login.toLowerCase(java.util.Locale.ROOT));
        }
        URI dashboard = ConfigValues.url(p, "dashboard.url");
        String runPage = p.getProperty("dashboard.run-page", "/runs/{run}").strip();
        if (!runPage.contains("{run}") || !runPage.startsWith("/")) {
            throw new ConfigException("dashboard.run-page: '" + runPage + "' must start with / and contain {run}");
        }
        Duration poll = Duration.ofSeconds(ConfigValues.positive(p, "poll.interval.seconds", 30));
        Duration lookback = Duration.ofMinutes(ConfigValues.nonNegative(p, "poll.first-lookback.minutes", 10));
        Duration grace = Duration.ofMinutes(ConfigValues.nonNegative(p, "results.grace.minutes", 15));
        Path db = Path.of(p.getProperty("state.db", "/var/lib/cc-ci-bridge/bridge.db").strip());
        Optional<Webhook> webhook = Optional.empty();
        if (p.getProperty("webhook.port") != null) {
            int port = (int) ConfigValues.nonNegative(p, "webhook.port", 0);
            if (port > 65535) {
                throw new ConfigException("webhook.port: " + port + " is not a port");
            }
            Secret secret = Secret.load("webhook.secret", p.getProperty("webhook.secret.file"),
                    p.getProperty("webhook.secret.env"), env);
            webhook = Optional.of(new Webhook(p.getProperty("webhook.bind", "127.0.0.1").strip(), port, secret));
        } else if (p.getProperty("webhook.secret.file") != null || p.getProperty("webhook.secret.env") != null) {
            throw new ConfigException("webhook.port: a webhook secret is given but no port; set webhook.port to enable the webhook");
        }
        Duration timeout = Duration.ofSeconds(ConfigValues.positive(p, "http.timeout.seconds", 20));
        int attempts = (int) ConfigValues.positive(p, "http.attempts", 5);
        Secret giteaToken = Secret.load("gitea.token", p.getProperty("gitea.token.file"), p.getProperty("gitea.token.env"), env);
        DroneEndpoint drone = DroneEndpoint.parse(p, env);
        return new BridgeConfig(gitea, giteaToken, List.copyOf(repos), org, Set.copyOf(allowlist), drone.url(), drone.repo(),
                drone.branch(), drone.token(), dashboard, runPage, poll, lookback, grace, db, webhook, timeout, attempts);
    }

    /** The recipe an enrolled repository holds: its name (Co-op Cloud's recipe repos are named after the recipe). */
    public static String recipeOf(String repo) {
        return repo.substring(repo.indexOf('/') + 1);
    }
}
