package org.coopcloud.ccci.dashboard.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 18, item 11: the authentication scheme is a case-insensitive token (RFC 7235 section 2.1, RFC 6750). */
class PublishTokenTest {
    static final String TOKEN = "s3cret-token";
    final PublishToken token = new PublishToken(TOKEN);

    @Test
    void theBearerSchemeIsMatchedWhateverItsCase() {
        for (String scheme : new String[] {"Bearer", "bearer", "BEARER", "bEaReR"}) {
            assertThat(token.accepts(Optional.of(scheme + " " + TOKEN))).as(scheme).isTrue();
        }
        assertThat(token.accepts(Optional.of("Bearer   " + TOKEN))).as("1*SP before the credentials").isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        for (String header : new String[] {"Bearer " + TOKEN + "x", "Bearer" + TOKEN, "Basic " + TOKEN, TOKEN, "Bearer ",
                "Bearer", "", "Bearerx " + TOKEN}) {
            assertThat(token.accepts(Optional.of(header))).as(header).isFalse();
        }
        assertThat(token.accepts(Optional.empty())).isFalse();
    }
}
