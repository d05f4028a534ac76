package org.coopcloud.ccci.harness.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What of a stack is left on the daemon. Anything at all after teardown is a failure of the run,
 * which the caller reports loudly with {@link #describe()}.
 */
public record StackResidue(String stack, List<StackObjects.Item> items) {
    public StackResidue {
        items = List.copyOf(items);
    }

    public boolean isClean() {
        return items.isEmpty();
    }

    public List<StackObjects.Item> of(StackObjects.Kind kind) {
        return items.stream().filter(i -> i.kind() == kind).toList();
    }

    /** E.g. {@code stack s_ci_test left 1 volume (s_ci_test_data), 1 secret (s_ci_test_pw_v1)}. */
    public String describe() {
        if (isClean()) {
            return "stack " + stack + " left nothing";
        }
        Map<StackObjects.Kind, List<String>> byKind = new TreeMap<>();
        items.forEach(i -> byKind.computeIfAbsent(i.kind(), k -> new ArrayList<>()).add(i.name()));
        return "stack " + stack + " left " + byKind.entrySet().stream()
                .map(e -> e.getValue().size() + " " + e.getKey().name().toLowerCase(Locale.ROOT)
                        + (e.getValue().size() == 1 ? "" : "s") + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }
}
