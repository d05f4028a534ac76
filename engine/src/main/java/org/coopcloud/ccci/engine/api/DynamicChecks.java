package org.coopcloud.ccci.engine.api;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link CheckFactory} returns: its checks, or none with the reason. When no check at all ran
 * in a rung, the rung proved nothing: it is unverified, with the first such reason.
 */
public record DynamicChecks(List<DynamicCheck> checks, Optional<String> noneReason) {
    public DynamicChecks {
        checks = List.copyOf(checks);
    }

    public static DynamicChecks of(List<DynamicCheck> checks) {
        return new DynamicChecks(checks, Optional.empty());
    }

    /** No checks from this factory, and why (shown when the rung ran no check at all). */
    public static DynamicChecks none(String reason) {
        return new DynamicChecks(List.of(), Optional.of(reason));
    }
}
