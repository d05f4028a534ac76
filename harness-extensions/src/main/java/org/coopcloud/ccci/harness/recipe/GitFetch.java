package org.coopcloud.ccci.harness.recipe;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.harness.process.Command;

/**
 * The git fetch of a PR's ref into a recipe checkout. A token travels as an HTTP header set through
 * git's environment configuration ({@code GIT_CONFIG_COUNT} / {@code GIT_CONFIG_KEY_n} /
 * {@code GIT_CONFIG_VALUE_n}, git 2.31 and later): never in argv, which every local process can read
 * in {@code /proc/<pid>/cmdline}, never in a URL, never in git config on disk. A child's
 * environment is readable only by its own user (and root).
 */
final class GitFetch {
    private GitFetch() {
    }

    static Command of(Path checkout, String source, String ref, Optional<String> token) {
        Command fetch = Command.of("git", "-C", checkout.toString(), "fetch", "--quiet", source, ref)
                .withEnvironment("GIT_TERMINAL_PROMPT", "0");
        return token.map(t -> fetch.withEnvironment(Map.of("GIT_CONFIG_COUNT", "1",
                "GIT_CONFIG_KEY_0", "http.extraHeader", "GIT_CONFIG_VALUE_0", "Authorization: token " + t)))
                .orElse(fetch);
    }
}
