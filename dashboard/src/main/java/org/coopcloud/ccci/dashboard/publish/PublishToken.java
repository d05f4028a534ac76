package org.coopcloud.ccci.dashboard.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The one token that may publish runs. Compared in constant time over digests of equal length,
 * so neither the content nor the length of the token leaks through timing; never printed.
 */
public final class PublishToken {
    private final byte[] expectedDigest;

    public PublishToken(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the publish token is empty");
        }
        this.expectedDigest = sha256(token);
    }

    /** Whether an {@code Authorization} header value carries this token as a Bearer token. */
    public boolean accepts(Optional<String> authorization) {
        String prefix = "Bearer ";
        if (authorization.isEmpty() || !authorization.get().startsWith(prefix)) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(authorization.get().substring(prefix.length()).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "PublishToken[redacted]";
    }
}
