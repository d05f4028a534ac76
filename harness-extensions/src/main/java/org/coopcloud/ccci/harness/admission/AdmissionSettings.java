package org.coopcloud.ccci.harness.admission;

import java.util.OptionalLong;
import org.coopcloud.ccci.engine.api.Settings;

/**
 * Admission's knobs (docs/operations.md, "Capacity and admission"), each a {@code ccci.*}
 * parameter or its env var:
 * <ul>
 * <li>{@code CCCI_ADMISSION}: {@code off} runs without admission (default on);</li>
 * <li>{@code CCCI_ADMISSION_MARGIN_MB}: what stays free for the host itself (default 512);</li>
 * <li>{@code CCCI_ADMISSION_DEFAULT_MB}: the need of a recipe with no earlier run here (default 1024);</li>
 * <li>{@code CCCI_ADMISSION_CAPACITY_MB}: at most this much claimed by runs at once, whatever the
 *     host has free (unset: no such cap; a test sets a low one).</li>
 * </ul>
 * A recipe's need is the largest peak of its last runs here, plus a quarter.
 */
record AdmissionSettings(boolean enabled, long marginBytes, long defaultNeedBytes, OptionalLong capacityBytes) {
    static final long MIB = 1024L * 1024;
    static final long DEFAULT_NEED_BYTES = 1024 * MIB;
    /** Observed peaks are raised by this before they are claimed: a run is seldom at its peak on the first try. */
    static final double HEADROOM = 1.25;

    static AdmissionSettings from(Settings settings) {
        boolean enabled = settings.get("ccci.admission", "CCCI_ADMISSION").map(v -> !v.strip().equalsIgnoreCase("off")).orElse(true);
        OptionalLong capacity = mib(settings, "ccci.admission.capacity.mb", "CCCI_ADMISSION_CAPACITY_MB");
        return new AdmissionSettings(enabled,
                mib(settings, "ccci.admission.margin.mb", "CCCI_ADMISSION_MARGIN_MB").orElse(512) * MIB,
                mib(settings, "ccci.admission.default.mb", "CCCI_ADMISSION_DEFAULT_MB").orElse(1024) * MIB,
                capacity.isPresent() ? OptionalLong.of(capacity.getAsLong() * MIB) : OptionalLong.empty());
    }

    private static OptionalLong mib(Settings settings, String parameter, String env) {
        return settings.get(parameter, env).filter(v -> !v.isBlank()).map(v -> {
            try {
                long value = Long.parseLong(v.strip());
                if (value < 0) {
                    throw new NumberFormatException();
                }
                return OptionalLong.of(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(parameter + " (env " + env + ") must be a whole number of MiB, got '" + v.strip() + "'");
            }
        }).orElse(OptionalLong.empty());
    }
}
