package org.coopcloud.ccci.harness.abra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.junit.jupiter.api.Test;

/** {@link AbraCli#parseAppList} on literal {@code abra app ls --status --machine} output. */
class AbraCliParseTest {
    /** abra's shape: servers as keys, app fields as strings, the counts as numbers. */
    private static final String TWO_SERVERS = """
            {
              "default": {
                "apps": [
                  {"server": "default", "recipe": "demo-web", "appName": "demo-1a2b3c.ci.test",
                   "domain": "demo-1a2b3c.ci.test", "status": "deployed", "chaos": "false",
                   "chaosVersion": "5d1c2b3a", "version": "1.1.0+1.1", "upgrade": "latest"},
                  {"server": "default", "recipe": "demo-static", "appName": "demo-4d5e6f.ci.test",
                   "domain": "demo-4d5e6f.ci.test", "status": "undeployed", "chaos": "true",
                   "chaosVersion": "0a1b2c3d+U", "version": "0a1b2c3d+U", "upgrade": "unknown"}
                ],
                "appCount": 2, "versionCount": 2, "unversionedCount": 0, "latestCount": 1, "upgradeCount": 0
              },
              "other.example": {
                "apps": [
                  {"recipe": "demo-web", "appName": "only-app-name.example", "status": "unknown",
                   "version": "unknown", "chaos": "unknown"}
                ],
                "appCount": 1
              }
            }
            """;

    @Test
    void readsEveryAppOfEveryServer() {
        assertThat(AbraCli.parseAppList(TWO_SERVERS)).containsExactly(
                new AbraApp("default", "demo-web", "demo-1a2b3c.ci.test", "deployed", "1.1.0+1.1", false),
                new AbraApp("default", "demo-static", "demo-4d5e6f.ci.test", "undeployed", "0a1b2c3d+U", true),
                // no server field: the key it is listed under; no domain: the appName; chaos "unknown" is not chaos
                new AbraApp("other.example", "demo-web", "only-app-name.example", "unknown", "unknown", false));
    }

    @Test
    void noAppsIsAnEmptyList() {
        assertThat(AbraCli.parseAppList("{}")).isEmpty();
        assertThat(AbraCli.parseAppList("")).isEmpty();
        assertThat(AbraCli.parseAppList("  \n")).isEmpty();
        assertThat(AbraCli.parseAppList("{\"default\": {\"apps\": [], \"appCount\": 0}}")).isEmpty();
    }

    @Test
    void aServerWithoutAnAppsListIsSkipped() {
        assertThat(AbraCli.parseAppList("{\"default\": {\"appCount\": 0}, \"x\": 3}")).isEmpty();
    }

    @Test
    void outputThatIsNotJsonIsAnInfrastructureErrorSayingSo() {
        assertThatThrownBy(() -> AbraCli.parseAppList("FATA unable to read servers: directory is empty"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("abra app ls printed something that is not JSON");
        assertThatThrownBy(() -> AbraCli.parseAppList("{\"default\": {\"apps\": ["))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void daemonAndRegistryErrorsOfADeployAreTheServersNotTheRecipes() {
        assertThat(AbraCli.isInfrastructure("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")).isTrue();
        assertThat(AbraCli.isInfrastructure("error during connect: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.41/info\": EOF")).isTrue();
        assertThat(AbraCli.isInfrastructure("toomanyrequests: You have reached your pull rate limit")).isTrue();
        assertThat(AbraCli.isInfrastructure("abra (cc-ci sandbox stand-in): error: image nginx:1.27 (service app) could not be resolved:"
                + " it is not on this host and the sandbox has no registry")).isTrue();
        assertThat(AbraCli.isInfrastructure("Get https://registry-1.docker.io/v2/: net/http: TLS handshake timeout")).isTrue();
        // The recipe's own mistakes stay the recipe's.
        assertThat(AbraCli.isInfrastructure("SITE_TITLE must be set in the app .env before deploying")).isFalse();
        assertThat(AbraCli.isInfrastructure("/srv/recipe has locally unstaged changes")).isFalse();
        assertThat(AbraCli.isInfrastructure("secret admin_token (version v1) not inserted")).isFalse();
    }
}
