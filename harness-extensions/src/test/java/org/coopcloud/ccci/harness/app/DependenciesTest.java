package org.coopcloud.ccci.harness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RungUnverified;
import org.junit.jupiter.api.Test;

class DependenciesTest {
    private static RecipeApp app(String recipe, String domain) {
        return new RecipeApp(recipe, domain, domain.replace('.', '_'), new AppEnv(Path.of("/nonexistent.env")), null, null);
    }

    @Test
    void aWiredDependencyIsHandedToTheCheck() {
        Dependencies dependencies = new Dependencies();
        RecipeApp sso = app("demo-sso", "demo-abc123.ci.test");
        dependencies.register("demo-sso", sso, Optional.empty(), Optional.empty()).wired();

        assertThat(dependencies.require("demo-sso").app()).isSameAs(sso);
        assertThat(dependencies.require("demo-sso").tenant()).as("deployed for the run: no tenant").isEmpty();
    }

    @Test
    void aFailedOrMissingWiringMakesTheCheckUnverifiedNamingTheReason() {
        Dependencies dependencies = new Dependencies();
        dependencies.register("demo-sso", app("demo-sso", "demo-abc123.ci.test"), Optional.empty(), Optional.empty())
                .wiringFailed("SsoWiring: no client id");
        // registered, never wired
        dependencies.register("demo-db", app("demo-db", "demo-def456.ci.test"), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> dependencies.require("demo-sso")).isInstanceOf(RungUnverified.class)
                .hasMessageContaining("demo-sso").hasMessageContaining("wiring failed: SsoWiring: no client id");
        assertThatThrownBy(() -> dependencies.require("demo-db")).isInstanceOf(RungUnverified.class)
                .hasMessageContaining("not wired yet");
        assertThatThrownBy(() -> dependencies.require("demo-ldap")).isInstanceOf(RungUnverified.class)
                .hasMessageContaining("does not declare");
    }

    @Test
    void dependenciesKeepTheirDeclaredDeployOrder() {
        Dependencies dependencies = new Dependencies();
        dependencies.register("first", app("first", "firs-000001.ci.test"), Optional.empty(), Optional.empty());
        dependencies.register("second", app("second", "seco-000002.ci.test"), Optional.empty(), Optional.empty());

        assertThat(dependencies.inDeployOrder()).extracting(Dependencies.Dependency::recipe).containsExactly("first", "second");
    }
}
