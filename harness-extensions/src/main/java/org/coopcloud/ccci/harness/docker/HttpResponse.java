package org.coopcloud.ccci.harness.docker;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 response as read off the Docker socket, body fully read (chunked transfer decoded).
 *
 * @param headers header names lower-cased; a repeated header keeps its last value (the daemon
 *                repeats none we read)
 */
public record HttpResponse(int status, String reason, Map<String, String> headers, byte[] body) {
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
