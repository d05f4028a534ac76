package org.coopcloud.ccci.bridge.http;

import java.time.Duration;

/**
 * How hard a call tries: up to {@code attempts} sends, exponential backoff from {@code baseDelay}
 * capped at {@code maxDelay}, a rate limit's wait honoured up to {@code maxRateLimitWait}, and each
 * send bounded by {@code requestTimeout}.
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay, Duration maxRateLimitWait,
        Duration requestTimeout) {

    public static RetryPolicy production(int attempts, Duration requestTimeout) {
        return new RetryPolicy(attempts, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10), requestTimeout);
    }

    Duration backoff(int failedAttempts) {
        long millis = baseDelay.toMillis() << Math.min(failedAttempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
