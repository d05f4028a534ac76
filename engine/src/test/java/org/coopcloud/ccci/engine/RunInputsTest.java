package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.config.EngineSettings;
import org.coopcloud.ccci.engine.config.InvalidInputException;
import org.coopcloud.ccci.engine.config.RunIds;
import org.coopcloud.ccci.engine.config.RunInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.ConfigurationParameters;

class RunInputsTest {
    @Test
    void droneEnvVarsAreTheFallbackForEveryField() {
        RunInputs inputs = RunInputs.read(settings(Map.of(), Map.of("RECIPE", "demo-web", "REF", "3f2a9c1",
                "PR", "42", "SRC", "coop-cloud/demo-web", "STAGES", "install,upgrade", "CCCI_QUICK", "1")));

        RunSpec spec = inputs.specFor(inputs.recipe().orElseThrow());
        assertThat(spec).isEqualTo(new RunSpec("demo-web", Optional.of("3f2a9c1"), Optional.of(42),
                Optional.of("coop-cloud/demo-web"), EnumSet.of(Stage.INSTALL, Stage.UPGRADE), true));
    }

    @Test
    void aConfigurationParameterWinsOverItsEnvVar() {
        RunInputs inputs = RunInputs.read(settings(Map.of("ccci.recipe", "from-param", "ccci.stages", "custom"),
                Map.of("RECIPE", "from-env", "STAGES", "install")));

        assertThat(inputs.recipe()).contains("from-param");
        assertThat(inputs.specFor("from-param").stages()).containsExactly(Stage.CUSTOM);
    }

    @Test
    void withoutInputsEveryStageIsClimbedAndNothingElseIsSet() {
        RunSpec spec = RunInputs.read(settings(Map.of(), Map.of())).specFor("x");

        assertThat(spec.stages()).isEqualTo(EnumSet.allOf(Stage.class));
        assertThat(spec.ref()).isEmpty();
        assertThat(spec.pr()).isEmpty();
        assertThat(spec.quick()).isFalse();
    }

    @Test
    void anUnknownTriggerIsBadInputNamingTheFieldAndTheKnownOnesPass() {
        assertThatThrownBy(() -> RunInputs.read(settings(Map.of(), Map.of("CCCI_TRIGGER", "cron"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ccci.trigger (env CCCI_TRIGGER): 'cron'")
                .hasMessageContaining("testme, scheduled, manual");
        for (String trigger : List.of("testme", "scheduled", "manual")) {
            RunInputs.read(settings(Map.of(), Map.of("CCCI_TRIGGER", trigger)));
        }
    }

    @Test
    void everyBadFieldIsNamedInOneError() {
        assertThatThrownBy(() -> RunInputs.read(settings(Map.of(), Map.of("PR", "x", "SRC", "a/b/c", "STAGES", "nope"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ccci.pr (env PR)")
                .hasMessageContaining("ccci.src (env SRC)")
                .hasMessageContaining("ccci.stages (env STAGES): 'nope'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "feature/new-ui", "v1.2.0+3.4", "3f2a9c1", "0123456789abcdef0123456789abcdef01234567"})
    void safeRefsAreAccepted(String ref) {
        assertThat(RunInputs.read(settings(Map.of("ccci.ref", ref), Map.of())).specFor("x").ref()).contains(ref);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-x", "a..b", "/abs", "a//b", "x.lock", "a b", "a;rm", "$(id)", ".hidden", "a/.b", "end/"})
    void unsafeRefsAreRefused(String ref) {
        assertThatThrownBy(() -> RunInputs.read(settings(Map.of("ccci.ref", ref), Map.of())))
                .hasMessageContaining("ccci.ref (env REF)");
    }

    @Test
    void theRunIdComesFromDroneThenCcciRunIdThenThePid() {
        assertThat(RunIds.runId(settings(Map.of(), Map.of("DRONE_BUILD_NUMBER", "267", "CCCI_RUN_ID", "x"))))
                .isEqualTo("267");
        assertThat(RunIds.runId(settings(Map.of(), Map.of("CCCI_RUN_ID", "local-1")))).isEqualTo("local-1");
        assertThat(RunIds.runId(settings(Map.of(), Map.of()))).isEqualTo("manual-" + ProcessHandle.current().pid());
    }

    @Test
    void runsOfTheSameRecipeAndPrShareADomainAndOtherPrsDoNot() {
        String pr2 = RunNaming.domain("immich", Optional.of(2), Optional.empty(), "ci.test");
        assertThat(RunNaming.domain("immich", Optional.of(2), Optional.of("abc1234"), "ci.test")).isEqualTo(pr2);
        assertThat(RunNaming.domain("immich", Optional.of(3), Optional.empty(), "ci.test")).isNotEqualTo(pr2);
        assertThat(pr2).matches(RunNaming.runAppDomainPattern("ci.test"));
        assertThat(RunNaming.stack(pr2)).matches(RunNaming.runAppStackPattern("ci.test"));
        // Warm and canonical apps never look like run apps.
        assertThat("immich.ci.test").doesNotMatch(RunNaming.runAppDomainPattern("ci.test").pattern());
        assertThat("immich_ci_test").doesNotMatch(RunNaming.runAppStackPattern("ci.test").pattern());
        assertThat(RunNaming.domain("ab-c", Optional.empty(), Optional.empty(), "ci.test")).startsWith("ab-c-");
        assertThat(RunNaming.domain("abc-def", Optional.empty(), Optional.empty(), "ci.test")).startsWith("abc-");
    }

    @Test
    void aCanonicalDomainNeverLooksLikeARunAppWhateverTheRecipeIsCalled() {
        // A recipe named like a run app's prefix and hex must still not produce a reapable name.
        for (String recipe : java.util.List.of("immich", "ab-cafe12", "abcd-0123ab", "x")) {
            String canonical = RunNaming.canonicalDomain(recipe, "ci.test");
            assertThat(canonical).isEqualTo(recipe + ".canonical.ci.test")
                    .doesNotMatch(RunNaming.runAppDomainPattern("ci.test").pattern());
            assertThat(RunNaming.stack(canonical)).doesNotMatch(RunNaming.runAppStackPattern("ci.test").pattern());
        }
        // The check above can fail: the bare recipe domain of such a recipe does match.
        assertThat("ab-cafe12.ci.test").matches(RunNaming.runAppDomainPattern("ci.test").pattern());
    }

    @Test
    void aDependencyDomainIsARunAppNameOfItsOwnPerAppDomain() {
        String app = RunNaming.domain("demo-login", Optional.of(7), Optional.empty(), "ci.test");
        String dependency = RunNaming.dependencyDomain(app, "demo-sso", "ci.test");
        assertThat(dependency).startsWith("demo-").matches(RunNaming.runAppDomainPattern("ci.test"))
                .isNotEqualTo(app).isNotEqualTo(RunNaming.domain("demo-sso", Optional.of(7), Optional.empty(), "ci.test"));
        assertThat(RunNaming.dependencyDomain(app, "demo-sso", "ci.test")).isEqualTo(dependency);
        String otherApp = RunNaming.domain("demo-login", Optional.of(8), Optional.empty(), "ci.test");
        assertThat(RunNaming.dependencyDomain(otherApp, "demo-sso", "ci.test")).isNotEqualTo(dependency);
    }

    @Test
    void aTenantNameIsStablePerAppDomainAndDiffersAcrossDomainsAndSuffixes() {
        String app = RunNaming.domain("demo-login", Optional.of(7), Optional.empty(), "ci.test");
        String tenant = RunNaming.tenantName(app);
        assertThat(tenant).matches("ccci-[0-9a-f]{10}").isEqualTo(RunNaming.tenantName(app));
        assertThat(RunNaming.tenantName(RunNaming.domain("demo-login", Optional.of(8), Optional.empty(), "ci.test")))
                .isNotEqualTo(tenant);
        assertThat(RunNaming.tenantName(RunNaming.domain("demo-login", Optional.of(7), Optional.empty(), "b1.e2e.test")))
                .isNotEqualTo(tenant);
    }

    private static EngineSettings settings(Map<String, String> parameters, Map<String, String> env) {
        return EngineSettings.of(new MapParameters(parameters), env);
    }

    /** The launcher's own implementation is internal; this one only serves lookups by key. */
    record MapParameters(Map<String, String> values) implements ConfigurationParameters {
        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public Optional<Boolean> getBoolean(String key) {
            return get(key).map(Boolean::parseBoolean);
        }

        @Override
        public Set<String> keySet() {
            return new HashMap<>(values).keySet();
        }
    }
}
