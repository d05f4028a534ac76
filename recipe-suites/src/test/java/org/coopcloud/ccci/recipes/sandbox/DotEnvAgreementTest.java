package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.coopcloud.ccci.harness.app.DotEnv;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One .env behaviour, abra's (godotenv), in both readers: the stand-in's ({@code sandbox/abra.d/dotenv.jq},
 * run by jq as the stand-in runs it) and the harness's ({@link DotEnv}), each checked against the same
 * expected values of {@code harness-extensions/src/test/resources/dotenv-cases.json}.
 */
class DotEnvAgreementTest {
    static final Path CASES = Sandbox.ROOT.resolve("harness-extensions/src/test/resources/dotenv-cases.json");
    static final Path STAND_IN_READER = Sandbox.ROOT.resolve("sandbox/abra.d/dotenv.jq");

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> cases() throws IOException {
        return ((List<Object>) JSON.std.listFrom(Files.readString(CASES))).stream().map(c -> (Map<String, Object>) c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theStandInReadsAsGodotenvDoes(Map<String, Object> c) throws Exception {
        Path env = Files.writeString(tmp.resolve("case.env"), (String) c.get("env"));
        Sandbox.Result r = Sandbox.run(Map.of(), Duration.ofSeconds(30), "jq", "-Rs", "-f", STAND_IN_READER.toString(), env.toString());
        if (c.containsKey("error")) {
            assertThat(r.exit()).as(r.describe()).isNotZero();
            assertThat(r.err()).contains((String) c.get("error"));
        } else {
            assertThat(r.exit()).as(r.describe()).isZero();
            assertThat(JSON.std.mapFrom(r.out())).as(c.get("name").toString()).isEqualTo(c.get("expect"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theHarnessReadsAsGodotenvDoes(Map<String, Object> c) {
        String text = (String) c.get("env");
        if (c.containsKey("error")) {
            assertThatThrownBy(() -> DotEnv.parse(text, Map.of())).hasMessageContaining((String) c.get("error"));
        } else {
            assertThat(DotEnv.parse(text, Map.of())).as(c.get("name").toString()).isEqualTo(c.get("expect"));
        }
    }
}
