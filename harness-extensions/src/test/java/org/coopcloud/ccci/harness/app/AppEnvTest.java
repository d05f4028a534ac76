package org.coopcloud.ccci.harness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link AppEnv} on real files: reading an app's .env the way abra does, and editing it in place. */
class AppEnvTest {
    @TempDir
    Path tmp;

    private AppEnv env(String content) throws Exception {
        return new AppEnv(Files.writeString(tmp.resolve("app.example.env"), content));
    }

    private String content() throws Exception {
        return Files.readString(tmp.resolve("app.example.env"));
    }

    /** The shape of demo-web's .env.sample after {@code abra app new}. */
    private static final String SAMPLE = """
            TYPE=demo-web:1.1.0+1.1

            DOMAIN=abt-123456.adapter.test

            ## Domain aliases
            #EXTRA_DOMAINS=', `www.demo-web.example.com`'

            LETS_ENCRYPT_ENV=production

            COMPOSE_FILE="compose.yml"

            # Seconds abra should wait for the deploy to converge.
            #TIMEOUT=120

            # Shared between app and store: the store refuses requests without it.
            SECRET_API_TOKEN_VERSION=v1 # length=32
            """;

    @Test
    void readSkipsCommentsAndBlankLinesAndKeepsOrder() throws Exception {
        assertThat(env(SAMPLE).read()).containsExactly(
                entry("TYPE", "demo-web:1.1.0+1.1"),
                entry("DOMAIN", "abt-123456.adapter.test"),
                entry("LETS_ENCRYPT_ENV", "production"),
                entry("COMPOSE_FILE", "compose.yml"),
                entry("SECRET_API_TOKEN_VERSION", "v1"));
    }

    @Test
    void quotesAreRemovedAndTrailingCommentsAreNotPartOfTheValue() throws Exception {
        AppEnv env = env("""
                DOUBLE="a value"
                SINGLE='another value'
                QUOTED_THEN_COMMENT="v2" # length=48
                LENGTH=v1 # length=64
                  INDENTED = spaced  \s
                EMPTY=
                URL=https://example.com/#fragment
                EQUALS=a=b=c
                NOT_AN_ENTRY
                """);
        assertThat(env.read()).containsExactly(
                entry("DOUBLE", "a value"), entry("SINGLE", "another value"), entry("QUOTED_THEN_COMMENT", "v2"),
                entry("LENGTH", "v1"), entry("INDENTED", "spaced"), entry("EMPTY", ""),
                entry("URL", "https://example.com/#fragment"), entry("EQUALS", "a=b=c"));
    }

    @Test
    void aQuotedValueKeepsAHashInside() throws Exception {
        // abra (godotenv) and the stand-in keep a quoted value's content: " #" inside quotes is no comment.
        AppEnv env = env("""
                SITE_TITLE="Shop #1 of 2"
                MOTTO='we are #1' # a comment after the quotes
                """);
        assertThat(env.get("SITE_TITLE")).contains("Shop #1 of 2");
        assertThat(env.get("MOTTO")).contains("we are #1");
    }

    @Test
    void aKeyThatIsThereTwiceReadsAsItsLastValueAsAbraReadsIt() throws Exception {
        assertThat(env("A=1\nA=2\n").get("A")).contains("2");
        assertThat(env("A=1\n").get("B")).isEmpty();
    }

    @Test
    void setReplacesTheKeysLineInPlaceAndKeepsEverythingElse() throws Exception {
        AppEnv env = env(SAMPLE);
        env.set("LETS_ENCRYPT_ENV", "staging");
        assertThat(content()).isEqualTo(SAMPLE.replace("LETS_ENCRYPT_ENV=production", "LETS_ENCRYPT_ENV=staging"));
        assertThat(env.get("LETS_ENCRYPT_ENV")).contains("staging");
    }

    @Test
    void setReplacesACommentedOutKey() throws Exception {
        AppEnv env = env(SAMPLE);
        env.set("TIMEOUT", "300");
        assertThat(content()).isEqualTo(SAMPLE.replace("#TIMEOUT=120", "TIMEOUT=300"));
        env = env("# SITE_TITLE=Your site\nOTHER=x\n");
        env.set("SITE_TITLE", "Demo");
        assertThat(content()).isEqualTo("SITE_TITLE=Demo\nOTHER=x\n");
    }

    @Test
    void setChangesTheActiveLineWhenTheKeyIsAlsoThereCommentedOut() throws Exception {
        // Common in recipes: the alternative commented out above the value in use.
        AppEnv env = env("#LETS_ENCRYPT_ENV=staging\nLETS_ENCRYPT_ENV=production\n");
        env.set("LETS_ENCRYPT_ENV", "custom");
        assertThat(env.get("LETS_ENCRYPT_ENV")).contains("custom");
        assertThat(content()).isEqualTo("#LETS_ENCRYPT_ENV=staging\nLETS_ENCRYPT_ENV=custom\n");
    }

    @Test
    void setChangesTheValueThatIsReadWhenTheKeyIsThereTwice() throws Exception {
        AppEnv env = env("A=1\nA=2\n");
        env.set("A", "3");
        assertThat(env.get("A")).contains("3");
    }

    @Test
    void setAppendsAMissingKeyAndLeavesKeysWithTheSamePrefixAlone() throws Exception {
        AppEnv env = env("FOO_BAR=1\n#FOO_BAZ=2\n");
        env.set("FOO", "3");
        assertThat(content()).isEqualTo("FOO_BAR=1\n#FOO_BAZ=2\nFOO=3\n");
        assertThat(env.read()).containsExactly(entry("FOO_BAR", "1"), entry("FOO", "3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop #1", "tab\t#1", " leading space", "trailing space ", "'half", "\"half",
        "'quoted' #1", "it's #1", "$HOME and \\n stay", "plain", ""})
    void aValueSetReadsBackExactly(String value) throws Exception {
        AppEnv env = env("OTHER=x\n");
        env.set("SITE_TITLE", value);
        assertThat(env.get("SITE_TITLE")).as(content()).contains(value);
        assertThat(env.get("OTHER")).contains("x");
    }

    @Test
    void aValueThatNeedsQuotesIsSingleQuotedLiterally() throws Exception {
        // Single quotes: abra's godotenv expands nothing in them; the stand-in reads them the same way.
        AppEnv env = env("");
        env.set("SITE_TITLE", "Shop #1");
        env.set("PLAIN", "a b");
        assertThat(content()).isEqualTo("SITE_TITLE='Shop #1'\nPLAIN=a b\n");
    }

    @Test
    void aValueAlreadyInQuotesIsWrittenAsItIs() throws Exception {
        // A profile's env line may quote its value itself: "KEY=value lines written into the .env".
        AppEnv env = env("");
        env.set("TITLE", "\"My #1 site\"");
        env.set("MOTTO", "'as is'");
        assertThat(content()).isEqualTo("TITLE=\"My #1 site\"\nMOTTO='as is'\n");
        assertThat(env.get("TITLE")).contains("My #1 site");
        assertThat(env.get("MOTTO")).contains("as is");
    }

    @Test
    void aValueThatNeedsQuotesButHoldsBothKindsIsRefusedNamingTheKey() throws Exception {
        AppEnv env = env("A=1\n");
        assertThatThrownBy(() -> env.set("MOTTO", "it's \"the\" #1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MOTTO")
                .message().doesNotContain("it's");
        assertThat(content()).isEqualTo("A=1\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1ABC", "BAD-KEY", "A B", "A=B", "ÄPFEL", "#A"})
    void setRefusesAKeyThatIsNoEnvFileKeyNamingIt(String key) throws Exception {
        AppEnv env = env(SAMPLE);
        assertThatThrownBy(() -> env.set(key, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an env-file entry: " + key);
        assertThat(content()).isEqualTo(SAMPLE);
    }

    @Test
    void setRefusesAMultiLineValueWithoutShowingIt() throws Exception {
        AppEnv env = env(SAMPLE);
        assertThatThrownBy(() -> env.set("API_KEY", "s3cr3t-part\nINJECTED=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API_KEY")
                .message().doesNotContain("s3cr3t");
        assertThat(content()).isEqualTo(SAMPLE);
    }

    @Test
    void aMissingFileIsAnIoErrorNamingIt() {
        AppEnv env = new AppEnv(tmp.resolve("gone.env"));
        assertThat(env.file()).isEqualTo(tmp.resolve("gone.env"));
        assertThatThrownBy(env::read).isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("gone.env");
    }

    @Test
    void aValueWithADollarIsWrittenSoThatItReadsBackAsIsNotExpanded() throws Exception {
        AppEnv env = env("A=1\n");
        env.set("PASSWORD_HINT", "costs $A or \\$5");
        assertThat(env.get("PASSWORD_HINT")).contains("costs $A or \\$5");
        assertThat(content()).contains("PASSWORD_HINT='costs $A or \\$5'");
    }

    @Test
    void composeFileChainedAsPublishedRecipesDoIsExpanded() throws Exception {
        AppEnv env = env("COMPOSE_FILE=\"compose.yml\"\nCOMPOSE_FILE=\"$COMPOSE_FILE:compose.db.yml\"\n");
        assertThat(env.get("COMPOSE_FILE")).contains("compose.yml:compose.db.yml");
    }

    @Test
    void theSecretsAbraDoesNotGenerateAreTheGenerateFalseOnes() throws Exception {
        AppEnv env = env("""
                SECRET_DB_PASSWORD_VERSION=v1 # length=24
                SECRET_ADMIN_TOKEN_VERSION=v2 # generate=false
                SECRET_SMTP_PASSWORD_VERSION=v1 # length=12 generate=false
                #SECRET_OLD_VERSION=v1 # generate=false
                """);
        assertThat(env.secretsAbraDoesNotGenerate()).containsExactly(
                new AppEnv.Secret("admin_token", "v2"), new AppEnv.Secret("smtp_password", "v1"));
    }
}
