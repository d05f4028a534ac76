package org.coopcloud.ccci.harness.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.AppFailureException;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.harness.profile.RecipeLocalFile.HttpCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipeLocalFileReaderTest {
    static final String FULL = """
            # how cc-ci tests this recipe
            health:
              path: /health
              status: [200, 204]
            stateless: false
            backup: "no"
            not_applicable:
              restore: the app keeps nothing a restore could bring back
            env:
              - LETS_ENCRYPT_ENV=staging
              - GREETING=a=b
            upgrade_base: 1.0.0+1.0
            volume_markers: false
            secrets:
              smtp_password:
                operator_file: smtp-password
            checks:
              - name: the front page greets
                get: /
                contains: Hello
              - get: /api/version
                status: 201
            """;

    @TempDir
    Path dir;

    @Test
    void everySettingIsReadWithTheLineThatSetIt() {
        RecipeLocalFile file = RecipeLocalFileReader.parse(FULL);

        assertThat(file.healthPath()).contains("/health");
        assertThat(file.acceptedStatus()).contains(Set.of(200, 204));
        assertThat(file.stateless()).contains(false);
        assertThat(file.backup()).contains(BackupCapability.NO);
        assertThat(file.notApplicable()).isEqualTo(Map.of(Stage.RESTORE, "the app keeps nothing a restore could bring back"));
        assertThat(file.env()).isEqualTo(Map.of("LETS_ENCRYPT_ENV", "staging", "GREETING", "a=b"));
        assertThat(file.upgradeBase()).contains("1.0.0+1.0");
        assertThat(file.volumeMarkers()).contains(false);
        assertThat(file.secretFiles()).isEqualTo(Map.of("smtp_password", "smtp-password"));
        assertThat(file.checks()).containsExactly(
                new HttpCheck("the front page greets", "/", 200, Optional.of("Hello"), 18),
                new HttpCheck("GET /api/version answers 201", "/api/version", 201, Optional.empty(), 21));
        assertThat(file.where("health.path")).isEqualTo(".cc-ci.yml line 3");
        assertThat(file.where("env.GREETING")).isEqualTo(".cc-ci.yml line 11");
        assertThat(file.where("secrets.smtp_password")).isEqualTo(".cc-ci.yml line 16");
    }

    @Test
    void envMayAlsoBeAMappingAsInComposeAndOneStatusNeedsNoList() {
        RecipeLocalFile file = RecipeLocalFileReader.parse("""
                health:
                  status: 200
                env:
                  A: one
                  PORT: 8080
                backup: yes
                """);
        assertThat(file.acceptedStatus()).contains(Set.of(200));
        assertThat(file.env()).isEqualTo(Map.of("A", "one", "PORT", "8080"));
        assertThat(file.backup()).contains(BackupCapability.YES);
        assertThat(file.checks()).isEmpty();
        assertThat(file.healthPath()).isEmpty();
    }

    @Test
    void anEmptyFileOrNoFileSaysNothing() throws Exception {
        assertThat(RecipeLocalFileReader.parse("# nothing yet\n")).isEqualTo(RecipeLocalFile.NONE);
        assertThat(RecipeLocalFileReader.readFrom(dir)).isSameAs(RecipeLocalFile.NONE);
        Files.writeString(dir.resolve(".cc-ci.yml"), "stateless: true\n");
        assertThat(RecipeLocalFileReader.readFrom(dir).stateless()).contains(true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not YAML                 | 'health:\\n  path: /a\\n   status: 200\\n'             | line 3, column 10: not valid YAML
            an unknown key           | 'stateless: true\\nhelth:\\n  path: /\\n'             | line 2, column 1: unknown key 'helth' (known: health, stateless
            an unknown nested key    | 'health:\\n  paht: /\\n'                             | line 2, column 3: health: unknown key 'paht' (known: path, status)
            a wrong type             | 'stateless: yes\\n'                                  | line 1, column 12: stateless: expected true or false, got text 'yes'
            a bad status             | 'checks:\\n  - get: /\\n    status: 700\\n'          | line 3, column 13: checks[1].status: 700 is not an HTTP status (100 to 599)
            a status that is text    | 'health:\\n  status: ok\\n'                          | line 2, column 11: health.status: expected an HTTP status (a number such as 200), got text 'ok'
            a path without a slash   | 'checks:\\n  - get: health\\n'                       | line 2, column 10: checks[1].get: 'health' is not a path
            a check without get      | 'checks:\\n  - name: x\\n'                           | line 2, column 5: checks[1]: needs get
            a key given twice        | 'stateless: true\\nstateless: false\\n'              | line 2, column 1: 'stateless' is given twice
            an unknown stage         | 'not_applicable:\\n  lint: no\\n'                    | line 2, column 3: not_applicable: unknown key 'lint' (known: install, upgrade, backup, restore, custom)
            a bad env line           | 'env:\\n  - JUSTAKEY\\n'                             | line 2, column 5: env: 'JUSTAKEY' is not KEY=value
            a file that is a list    | '- stateless\\n'                                     | line 1, column 1: the file: expected a mapping
            a path as operator file  | 'secrets:\\n  k:\\n    operator_file: /etc/shadow\\n' | line 3, column 20: secrets.k.operator_file: '/etc/shadow' is not a file name
            """)
    void aMalformedFileIsTheRecipesFaultNamingTheLine(String what, String text, String message) {
        assertThatThrownBy(() -> RecipeLocalFileReader.parse(text.replace("\\n", "\n")))
                .as(what).isInstanceOf(RecipeFileException.class).isInstanceOf(AppFailureException.class)
                .hasMessageStartingWith(".cc-ci.yml ").hasMessageContaining(message);
    }

    @Test
    void aSecretsValueInTheFileIsRefusedWithoutEverRepeatingIt() {
        for (String text : new String[] {"secrets:\n  smtp_password: hunter2-very-secret\n",
                "secrets:\n  smtp_password:\n    value: hunter2-very-secret\n",
                "secrets: hunter2-very-secret\n"}) {
            assertThatThrownBy(() -> RecipeLocalFileReader.parse(text)).isInstanceOf(RecipeFileException.class)
                    .hasMessageContaining("line ").hasMessageContaining("never goes in the recipe's repository")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void aFileThatIsNotARegularFileOrTooLargeIsRefused() throws Exception {
        Files.createSymbolicLink(dir.resolve(".cc-ci.yml"), Path.of("/etc/passwd"));
        assertThatThrownBy(() -> RecipeLocalFileReader.readFrom(dir)).isInstanceOf(RecipeFileException.class)
                .hasMessageContaining("regular file");
        Files.delete(dir.resolve(".cc-ci.yml"));
        Files.writeString(dir.resolve(".cc-ci.yml"), "# " + "x".repeat(RecipeLocalFileReader.MAX_BYTES) + "\n");
        assertThatThrownBy(() -> RecipeLocalFileReader.readFrom(dir)).isInstanceOf(RecipeFileException.class)
                .hasMessageContaining("larger than");
    }
}
