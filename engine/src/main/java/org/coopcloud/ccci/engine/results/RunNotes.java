package org.coopcloud.ccci.engine.results;

import java.util.List;
import java.util.Optional;

/**
 * What a run observed beside its verdict: what it did not check (a tcp router, a middleware the
 * sandbox's ingress does not apply), named so that nothing is passed over in silence, and its app
 * containers' peak memory (what admission estimates the recipe's next run from).
 */
public record RunNotes(List<String> notChecked, Optional<Long> peakMemoryBytes) {
    public static final RunNotes NONE = new RunNotes(List.of(), Optional.empty());

    public RunNotes {
        notChecked = List.copyOf(notChecked);
    }
}
