package org.coopcloud.ccci.harness.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void masksKnownSecretsAndSecretShapes() {
        Redactor redactor = Redactor.secrets(List.of("s3cr3t-value", ""));
        String text = "git -c http.extraHeader=Authorization: token ghp_abc123 clone https://bot:pw@git.example/x.git"
                + " password=hunter2 and s3cr3t-value";
        String redacted = redactor.redact(text);
        assertThat(redacted).doesNotContain("ghp_abc123", "bot:pw", "hunter2", "s3cr3t-value")
                .contains("git.example/x.git", Redactor.MASK);
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertThat(Redactor.shapes().redact("abra app deploy abcd-123456.ci.test --no-input"))
                .isEqualTo("abra app deploy abcd-123456.ci.test --no-input");
    }
}
