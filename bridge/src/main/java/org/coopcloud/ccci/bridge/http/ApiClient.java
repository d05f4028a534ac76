package org.coopcloud.ccci.bridge.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * HTTP/1.1 calls to one service, with the retry rules every caller shares.
 *
 * <ul>
 * <li>A rate limit (429, or 403 with {@code Retry-After} or {@code X-RateLimit-Remaining: 0}) means
 * the request was refused, not done: wait as told ({@code Retry-After} seconds or date,
 * {@code X-RateLimit-Reset} epoch seconds), capped, then send again.</li>
 * <li>A 5xx or a timeout may or may not have been done. An idempotent call (GET, PATCH, a commit
 * status) is sent again after a backoff. A call that creates something (a build, a comment) is not:
 * the caller records its intent first and, on failure, looks for what the first send may have
 * created before it creates again.</li>
 * </ul>
 *
 * The authorization header is set here from a supplier, so no caller handles the token, and no
 * message of this class holds a header.
 */
public final class ApiClient {
    private static final Logger LOG = Logger.getLogger(ApiClient.class.getName());

    private final String service;
    private final HttpClient http;
    private final RetryPolicy policy;
    private final String authHeader;
    private final Supplier<String> authValue;
    private final Clock clock;

    public ApiClient(String service, RetryPolicy policy, String authHeader, Supplier<String> authValue) {
        this(service, policy, authHeader, authValue, Clock.systemUTC());
    }

    ApiClient(String service, RetryPolicy policy, String authHeader, Supplier<String> authValue, Clock clock) {
        this.service = service;
        this.policy = policy;
        this.authHeader = authHeader;
        this.authValue = authValue;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(policy.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Whether a failed send may be repeated without a look for what it did. */
    public enum Retry {
        SAFE, ONLY_IF_REFUSED
    }

    public ApiResponse get(URI uri) throws ApiException {
        return send("GET", uri, null, Retry.SAFE);
    }

    public ApiResponse send(String method, URI uri, String jsonBody, Retry retry) throws ApiException {
        String what = service + " " + method + " " + uri.getRawPath();
        int attempt = 0;
        while (true) {
            attempt++;
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .timeout(policy.requestTimeout())
                    .header("Accept", "application/json")
                    .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(jsonBody));
            if (jsonBody != null) {
                builder.header("Content-Type", "application/json");
            }
            if (authHeader != null) {
                builder.header(authHeader, authValue.get());
            }
            HttpResponse<String> response;
            try {
                response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                String why = e instanceof java.net.http.HttpTimeoutException ? "timed out" : "failed (" + e.getClass().getSimpleName() + ")";
                if (retry == Retry.SAFE && attempt < policy.attempts()) {
                    Duration wait = policy.backoff(attempt);
                    LOG.warning(what + " " + why + "; retrying in " + wait.toMillis() + " ms (attempt " + attempt + " of " + policy.attempts() + ")");
                    sleep(wait);
                    continue;
                }
                throw new ApiException(what + " " + why, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(what + " interrupted", 0);
            }
            int status = response.statusCode();
            Optional<Duration> limited = rateLimitWait(response);
            if (limited.isPresent() && attempt < policy.attempts()) {
                Duration wait = limited.get().compareTo(policy.maxRateLimitWait()) > 0 ? policy.maxRateLimitWait() : limited.get();
                LOG.warning(what + ": rate limited (HTTP " + status + "); waiting " + wait.toMillis() + " ms as the server asks");
                sleep(wait);
                continue;
            }
            if (status >= 500 && retry == Retry.SAFE && attempt < policy.attempts()) {
                Duration wait = policy.backoff(attempt);
                LOG.warning(what + ": HTTP " + status + "; retrying in " + wait.toMillis() + " ms (attempt " + attempt + " of " + policy.attempts() + ")");
                sleep(wait);
                continue;
            }
            return new ApiResponse(status, response.headers(), response.body());
        }
    }

    /** The wait a rate-limited answer asks for; empty when the answer is no rate limit. */
    Optional<Duration> rateLimitWait(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status != 429 && status != 403) {
            return Optional.empty();
        }
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        Optional<String> remaining = response.headers().firstValue("X-RateLimit-Remaining");
        boolean exhausted = remaining.map(String::strip).filter("0"::equals).isPresent();
        if (status == 403 && retryAfter.isEmpty() && !exhausted) {
            return Optional.empty(); // a plain "forbidden": the token lacks a right, waiting will not help
        }
        if (retryAfter.isPresent()) {
            Optional<Duration> parsed = parseRetryAfter(retryAfter.get().strip());
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        Optional<String> reset = response.headers().firstValue("X-RateLimit-Reset");
        if (reset.isPresent()) {
            try {
                long epoch = Long.parseLong(reset.get().strip());
                long seconds = Math.max(1, epoch - clock.instant().getEpochSecond());
                return Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                // fall through to the backoff below
            }
        }
        return Optional.of(policy.baseDelay());
    }

    private Optional<Duration> parseRetryAfter(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (java.time.format.DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static void sleep(Duration wait) throws ApiException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted while waiting to retry", 0);
        }
    }

    public String service() {
        return service;
    }
}
