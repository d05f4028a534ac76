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

    /**
     * Whether an {@code Authorization} header value carries this token as a Bearer token. The scheme
     * is matched without regard to case (RFC 7235 section 2.1: {@code bearer} is {@code Bearer}), and
     * one or more spaces may follow it.
     */
    public boolean accepts(Optional<String> authorization) {
        String scheme = "Bearer";
        if (authorization.isEmpty()) {
            return false;
        }
        String value = authorization.get();
        if (value.length() <= scheme.length() || !value.regionMatches(true, 0, scheme, 0, scheme.length())
                || value.charAt(scheme.length()) != ' ') {
            return false;
        }
        String credentials = value.substring(scheme.length()).strip();
        return !credentials.isEmpty() && MessageDigest.isEqual(expectedDigest, sha256(credentials));
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
