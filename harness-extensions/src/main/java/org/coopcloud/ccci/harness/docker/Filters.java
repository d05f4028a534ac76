package org.coopcloud.ccci.harness.docker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter of the list endpoints: a JSON map of filter name to values.
 * Values of one name are OR-ed, different names AND-ed. Beware: the daemon's {@code name} filter
 * matches by prefix (secrets, configs, services) or substring (networks, volumes), never exactly;
 * callers that want one name filter the answer again.
 */
public final class Filters {
    private final Map<String, List<String>> values;

    private Filters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Filters none() {
        return new Filters(Map.of());
    }

    public static Filters label(String keyOrKeyValue) {
        return none().and("label", keyOrKeyValue);
    }

    public static Filters name(String name) {
        return none().and("name", name);
    }

    /** A new filter set with one more value for the given filter name. */
    public Filters and(String filter, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        copy.computeIfAbsent(filter, k -> new ArrayList<>()).add(value);
        return new Filters(copy);
    }

    /** {@code filters=<url-encoded json>}, or the empty string when there are none. */
    String asQueryParameter() {
        if (values.isEmpty()) {
            return "";
        }
        String json = new String(Json.write(values), StandardCharsets.UTF_8);
        return "filters=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
