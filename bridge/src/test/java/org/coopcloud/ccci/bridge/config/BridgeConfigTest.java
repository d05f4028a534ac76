package org.coopcloud.ccci.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {
    static final String TOKEN = "s3cr3t-token-value";

    @TempDir
    Path dir;

    Properties minimal() throws Exception {
        Path token = dir.resolve("gitea-token");
        Files.writeString(token, TOKEN + "\n");
        Properties p = new Properties();
        p.setProperty("gitea.url", "https://git.example/");
        p.setProperty("gitea.token.file", token.toString());
        p.setProperty("repos", "recipes/a, recipes/b");
        p.setProperty("org", "coop-cloud");
        p.setProperty("drone.url", "https://drone.example");
        p.setProperty("drone.repo", "coop-cloud/cc-ci");
        p.setProperty("drone.token.env", "DRONE_T");
        p.setProperty("dashboard.url", "https://ci.example");
        return p;
    }

    @Test
    void defaultsWorkAndTokensComeFromFileAndEnv() throws Exception {
        BridgeConfig c = BridgeConfig.parse(minimal(), Map.of("DRONE_T", "drone-value"));
        assertThat(c.giteaToken().reveal()).isEqualTo(TOKEN);
        assertThat(c.droneToken().reveal()).isEqualTo("drone-value");
        assertThat(c.giteaUrl().toString()).isEqualTo("https://git.example");
        assertThat(c.repos()).containsExactly("recipes/a", "recipes/b");
        assertThat(c.pollInterval().toSeconds()).isEqualTo(30);
        assertThat(c.droneBranch()).isEqualTo("main");
        assertThat(c.webhook()).isEmpty();
        assertThat(c.toString()).doesNotContain(TOKEN).doesNotContain("drone-value");
        assertThat(BridgeConfig.recipeOf("recipes/a")).isEqualTo("a");
    }

    @Test
    void aTokenWrittenIntoTheConfigIsRefusedWithoutEchoingIt() throws Exception {
        Properties p = minimal();
        p.setProperty("gitea.token", TOKEN);
        assertThatThrownBy(() -> BridgeConfig.parse(p, Map.of("DRONE_T", "x")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("gitea.token:")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void badFieldsAreNamed() throws Exception {
        assertRefused("repos", "recipes", "repos: 'recipes' is not owner/name");
        assertRefused("gitea.url", "ftp://x", "gitea.url:");
        assertRefused("gitea.url", "https://user:pw@git.example", "gitea.url:");
        assertRefused("poll.interval.seconds", "0", "poll.interval.seconds: must be greater than 0");
        assertRefused("poll.interval.seconds", "soon", "poll.interval.seconds: 'soon' is not a whole number");
        assertRefused("drone.repo", "cc-ci", "drone.repo:");
        assertRefused("allowlist", "bob, b@d", "allowlist: 'b@d'");
        assertRefused("dashboard.run-page", "/runs", "dashboard.run-page:");
        assertRefused("colour", "blue", "colour: unknown key");
        assertRefused("webhook.port", "8080", "webhook.secret: missing");
    }

    @Test
    void anUnreadableOrMissingSecretIsNamedNeverShown() throws Exception {
        Properties p = minimal();
        p.setProperty("gitea.token.file", dir.resolve("absent").toString());
        assertThatThrownBy(() -> BridgeConfig.parse(p, Map.of("DRONE_T", "x")))
                .hasMessageStartingWith("gitea.token.file: cannot read");
        Properties q = minimal();
        assertThatThrownBy(() -> BridgeConfig.parse(q, Map.of()))
                .hasMessageContaining("drone.token.env: the environment variable DRONE_T is not set");
        Properties both = minimal();
        both.setProperty("gitea.token.env", "G");
        assertThatThrownBy(() -> BridgeConfig.parse(both, Map.of("DRONE_T", "x", "G", TOKEN)))
                .hasMessageContaining("not both").hasMessageNotContaining(TOKEN);
    }

    private void assertRefused(String key, String value, String message) throws Exception {
        Properties p = minimal();
        p.setProperty(key, value);
        assertThatThrownBy(() -> BridgeConfig.parse(p, Map.of("DRONE_T", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
