package org.coopcloud.ccci.bridge.http;

import java.net.http.HttpHeaders;

/** One answer: status, headers and the body as text. */
public record ApiResponse(int status, HttpHeaders headers, String body) {
}
