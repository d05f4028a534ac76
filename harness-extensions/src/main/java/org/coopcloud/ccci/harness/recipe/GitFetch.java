package org.coopcloud.ccci.harness.recipe;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessRunner;

/**
 * The git fetch of a PR's ref into a recipe checkout. A token travels as an HTTP header set through
 * git's environment configuration ({@code GIT_CONFIG_COUNT} / {@code GIT_CONFIG_KEY_n} /
 * {@code GIT_CONFIG_VALUE_n}, git 2.31 and later): never in argv, which every local process can read
 * in {@code /proc/<pid>/cmdline}, never in a URL, never in git config on disk. A child's
 * environment is readable only by its own user (and root).
 */
final class GitFetch {
    private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+).*");

    private GitFetch() {
    }

    /**
     * Older git ignores {@code GIT_CONFIG_COUNT} silently and would fetch without the token: say so
     * before, instead of a puzzling authentication failure.
     *
     * @throws InfrastructureException this git is older than 2.31
     */
    static void requireEnvironmentConfig(ProcessRunner runner) throws InterruptedException {
        String version = runner.run(Command.of("git", "--version")).stdout().strip();
        if (!supportsEnvironmentConfig(version)) {
            throw new InfrastructureException(RecipeFetchExtension.TOKEN_ENV + " needs git 2.31 or later (the token is"
                    + " passed in git's environment, never on its command line); this host has '" + version
                    + "': upgrade git");
        }
    }

    static boolean supportsEnvironmentConfig(String gitVersionLine) {
        Matcher matcher = VERSION.matcher(gitVersionLine);
        if (!matcher.matches()) {
            return false;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        return major > 2 || major == 2 && minor >= 31;
    }

    static Command of(Path checkout, String source, String ref, Optional<String> token) {
        Command fetch = Command.of("git", "-C", checkout.toString(), "fetch", "--quiet", source, ref)
                .withEnvironment("GIT_TERMINAL_PROMPT", "0");
        return token.map(t -> fetch.withEnvironment(Map.of("GIT_CONFIG_COUNT", "1",
                "GIT_CONFIG_KEY_0", "http.extraHeader", "GIT_CONFIG_VALUE_0", "Authorization: token " + t)))
                .orElse(fetch);
    }
}
