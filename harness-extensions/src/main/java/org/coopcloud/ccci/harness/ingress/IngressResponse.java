package org.coopcloud.ccci.harness.ingress;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One answer through the ingress: the status (empty when the request got no answer in time), the
 * headers (lower-case names), the body, and, when the sandbox's ingress could not route the request,
 * its reason ({@link Ingress#ROUTING_ERROR_HEADER}).
 */
public record IngressResponse(OptionalInt status, Map<String, String> headers, byte[] body, Optional<String> routingError,
        Optional<String> failure) {

    public IngressResponse(int status, Map<String, String> headers, byte[] body, Optional<String> routingError) {
        this(OptionalInt.of(status), Map.copyOf(headers), body, routingError, Optional.empty());
    }

    static IngressResponse noAnswer(String why) {
        return new IngressResponse(OptionalInt.empty(), Map.of(), new byte[0], Optional.empty(), Optional.of(why));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
