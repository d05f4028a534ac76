package org.coopcloud.ccci.harness.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** abra's lint rules on recipes written for each case, and on the sandbox's demo recipes as they are. */
class RecipeLintTest {
    private static final RecipeLint.Facts ALL_KNOWN = new RecipeLint.Facts(Optional.of(List.of()), Optional.of(2));

    @TempDir
    Path recipe;

    private static final String METADATA = """
            # r
            <!-- metadata -->
            * **Category**: Apps
            * **Status**: 3, stable
            * **Image**: [`nginx`](https://hub.docker.com/_/nginx), 4, upstream
            * **Healthcheck**: Yes
            * **Backups**: No
            * **Email**: No
            * **Tests**: No
            * **SSO**: No
            <!-- endmetadata -->
            """;

    private static final String APP = """
              app:
                image: nginx:1.27.2
                healthcheck: {test: ["CMD", "true"]}
                deploy:
                  labels:
                    - "traefik.enable=true"
            """;

    private void write(String compose, String sample) throws IOException {
        Files.writeString(recipe.resolve("compose.yml"), compose);
        if (sample != null) {
            Files.writeString(recipe.resolve(".env.sample"), sample);
        }
        Files.writeString(recipe.resolve("README.md"), METADATA);
    }

    private static String compose(String services) {
        return "version: \"3.8\"\nservices:\n" + services;
    }

    private LintReport lint() throws IOException {
        return RecipeLint.lint(recipe, ALL_KNOWN);
    }

    private static LintFinding finding(LintReport report, LintRule rule) {
        return report.findings().stream().filter(f -> f.rule() == rule).findFirst().orElseThrow();
    }

    @Test
    void aRecipeAsAbraWantsItLintsCleanButForTheRuleThatNeedsTheNetwork() throws IOException {
        write(compose(APP), "TYPE=r\nDOMAIN=r.example.com\n");

        LintReport report = lint();

        assertThat(report.passed()).isTrue();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.notChecked()).extracting(LintFinding::rule).containsExactly(LintRule.R013);
        assertThat(report.findings()).extracting(LintFinding::rule).containsExactly(LintRule.values());
        assertThat(report.summary()).isEqualTo("0 errors, 0 warnings, 1 not checked (R013)");
    }

    @Test
    void anUntaggedImageIsAbrasWarningR003AndALatestOneR004() throws IOException {
        write(compose(APP + """
                  db:
                    image: postgres
                    healthcheck: {test: ["CMD", "true"]}
                  cache:
                    image: redis:latest
                    healthcheck: {test: ["CMD", "true"]}
                  pinned:
                    image: busybox@sha256:0123
                    healthcheck: {test: ["CMD", "true"]}
                  odd:
                    image: registry.example.com:5000/x/y:focal
                    healthcheck: {test: ["CMD", "true"]}
                """), "DOMAIN=r.example.com\n");

        LintReport report = lint();

        assertThat(finding(report, LintRule.R003).line()).isEqualTo(
                "R003 warn: all images use a tag: no tag on db (postgres) (use a tag for all images)");
        assertThat(finding(report, LintRule.R004).detail()).isEqualTo("latest on cache (redis:latest)");
        assertThat(finding(report, LintRule.R005).detail()).isEqualTo("not semver-like: odd (registry.example.com:5000/x/y:focal)");
        assertThat(report.warnings()).extracting(LintFinding::rule).containsExactly(LintRule.R003, LintRule.R004, LintRule.R005);
        assertThat(report.passed()).as("warnings only: abra would still publish").isTrue();
    }

    @Test
    void errorLevelRulesFailTheLintWithAbrasIds() throws IOException {
        write(compose("""
                  web:
                    image: nginx:1.27.2
                    configs: [nginx_conf]
                  worker:
                    command: ["run"]
                """), null);

        LintReport report = RecipeLint.lint(recipe, new RecipeLint.Facts(Optional.of(List.of("1.0.0+1.27.2")), Optional.of(0)));

        assertThat(report.passed()).isFalse();
        assertThat(report.errors()).extracting(f -> f.rule().name())
                .containsExactly("R008", "R009", "R010", "R011", "R012", "R014");
        assertThat(finding(report, LintRule.R009).detail()).isEqualTo("no service 'app' among web, worker");
        assertThat(finding(report, LintRule.R011).detail()).isEqualTo("no image on worker");
        assertThat(finding(report, LintRule.R012).detail()).isEqualTo("web use configs but there is no abra.sh");
        assertThat(finding(report, LintRule.R014).detail()).isEqualTo("lightweight tags: 1.0.0+1.27.2");
        assertThat(finding(report, LintRule.R006).outcome()).isEqualTo(LintFinding.Outcome.FAILED);
        assertThat(report.summary()).startsWith("6 errors (R008, R009, R010, R011, R012, R014), ");
    }

    @Test
    void traefikIsNotRequiredOfARecipeWithoutADomainAsAbraSkipsIt() throws IOException {
        write(compose("""
                  app:
                    image: nginx:1.27.2
                    healthcheck: {test: ["CMD", "true"]}
                """), "TYPE=r\n");

        LintFinding r010 = finding(lint(), LintRule.R010);

        assertThat(r010.outcome()).isEqualTo(LintFinding.Outcome.SKIPPED);
        assertThat(r010.line()).isEqualTo("R010 error: traefik routing enabled: skipped, .env.sample has no DOMAIN: nothing to route");
    }

    @Test
    void theComposeFilesAreTheOnesComposeFileChainsMergedServiceByService() throws IOException {
        write(compose("""
                  app:
                    image: nginx:${NGINX_VERSION:-1.27.2}
                    deploy:
                      labels: {traefik.enable: "true"}
                """), "DOMAIN=r.example.com\nCOMPOSE_FILE=\"compose.yml\"\nCOMPOSE_FILE=\"$COMPOSE_FILE:compose.health.yml\"\n");
        Files.writeString(recipe.resolve("compose.health.yml"), "version: \"3.7\"\nservices:\n  app:\n    healthcheck: {test: [\"CMD\", \"true\"]}\n");
        Files.writeString(recipe.resolve("compose.unused.yml"), "version: \"3.8\"\nservices:\n  other:\n    command: x\n");

        LintReport report = lint();

        assertThat(finding(report, LintRule.R002).outcome()).as("the healthcheck comes from the second file")
                .isEqualTo(LintFinding.Outcome.SATISFIED);
        assertThat(finding(report, LintRule.R011).outcome()).as("the unused file's imageless service is not deployed")
                .isEqualTo(LintFinding.Outcome.SATISFIED);
        assertThat(finding(report, LintRule.R003).outcome()).as("${NGINX_VERSION:-1.27.2} is a tag")
                .isEqualTo(LintFinding.Outcome.SATISFIED);
        assertThat(finding(report, LintRule.R001).detail()).isEqualTo("compose.health.yml has version 3.7");
    }

    @Test
    void metadataSecretLengthsAndWhatCannotBeCheckedHereAreSaid() throws IOException {
        write(compose(APP) + "secrets:\n  db_password:\n    external: true\n  smtp_password_x:\n    external: true\n", "DOMAIN=d\n");
        Files.writeString(recipe.resolve("README.md"), "# r\n<!-- metadata -->\n* **Category**: Apps\n* **Status**: \n<!-- endmetadata -->\n");

        LintReport report = RecipeLint.lint(recipe, new RecipeLint.Facts(Optional.empty(), Optional.empty()));

        assertThat(finding(report, LintRule.R007).detail())
                .isEqualTo("README.md metadata missing or empty: Status, Image, Healthcheck, Backups, Email, Tests, SSO");
        assertThat(finding(report, LintRule.R015).detail()).isEqualTo("longer than 12 characters: smtp_password_x");
        assertThat(report.notChecked()).extracting(LintFinding::rule).containsExactly(LintRule.R006, LintRule.R013, LintRule.R014);
        assertThat(finding(report, LintRule.R014).line()).isEqualTo(
                "R014 error: only annotated tags used for recipe version: not checked, the recipe's tags could not be read");
        assertThat(report.passed()).as("not checked is neither a pass of the rule nor an error").isTrue();
    }

    @Test
    void aComposeFileThatIsNotYamlIsTheRecipesFaultNamingTheLine() throws IOException {
        write("version: \"3.8\"\nservices:\n  app:\n    image: [nginx\n", "DOMAIN=d\n");

        assertThatThrownBy(this::lint).isInstanceOf(LintException.class)
                .hasMessageStartingWith("compose.yml is not valid YAML: ").hasMessageContaining("line 5");
    }

    @Test
    void aComposeFileThatComposeFileNamesButTheRecipeLacksIsTheRecipesFault() throws IOException {
        write(compose(APP), "DOMAIN=d\nCOMPOSE_FILE=compose.yml:compose.smtp.yml\n");

        assertThatThrownBy(this::lint).isInstanceOf(LintException.class)
                .hasMessage(".env.sample's COMPOSE_FILE names compose.smtp.yml, which the recipe does not have");
    }

    @Test
    void theCataloguesPublishedVersionsOfTheRecipe(@TempDir Path abra) throws IOException {
        Path catalogue = abra.resolve("recipes.json");
        assertThat(LintExtension.publishedVersions(catalogue, "r")).as("no catalogue: not checked").isEmpty();
        Files.writeString(catalogue, "{\"r\": {\"versions\": [{\"1.0.0+1\": {}}, {\"1.1.0+1\": {}}]}, \"s\": {\"versions\": []}}");
        assertThat(LintExtension.publishedVersions(catalogue, "r")).hasValue(2);
        assertThat(LintExtension.publishedVersions(catalogue, "s")).hasValue(0);
        assertThat(LintExtension.publishedVersions(catalogue, "t")).hasValue(0);
    }

    /** The sandbox's demo recipes, at their default branch: no error, and only the warnings their READMEs keep. */
    @Test
    void theDemoRecipesLintWithoutErrorsAndKeepOnlyTheWarningsTheirReadmesExplain() throws IOException {
        Map<String, List<LintRule>> kept = Map.of("demo-sso", List.of(LintRule.R015));
        try (var dirs = Files.list(Path.of("../recipe-suites/src/main/recipes"))) {
            List<Path> recipes = dirs.filter(Files::isDirectory).sorted().toList();
            assertThat(recipes).hasSizeGreaterThanOrEqualTo(6);
            for (Path dir : recipes) {
                LintReport report = RecipeLint.lint(dir, ALL_KNOWN);
                String name = dir.getFileName().toString();
                assertThat(report.errors()).as(name + ": " + report.lines()).isEmpty();
                assertThat(report.warnings()).extracting(LintFinding::rule).as(name + ": " + report.lines())
                        .containsExactlyElementsOf(kept.getOrDefault(name, List.of()));
                for (LintRule rule : kept.getOrDefault(name, List.of())) {
                    assertThat(Files.readString(dir.resolve("README.md"))).as(name + "'s README says why it keeps " + rule)
                            .contains(rule.name());
                }
            }
        }
    }
}
