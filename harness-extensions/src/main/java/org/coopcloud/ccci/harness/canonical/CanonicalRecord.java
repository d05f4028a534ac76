package org.coopcloud.ccci.harness.canonical;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the host knows about a recipe's canonical app: the release it holds, its domain, the backup
 * id of its known-good snapshot (empty for a stateless recipe), the token its data was seeded with
 * at promotion (what the quick lane's upgrade checks read back), and when it was promoted.
 */
public record CanonicalRecord(String recipe, String domain, String version, Optional<String> snapshot,
        Optional<String> seed, String promotedAt) {

    String toJson() throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("recipe", recipe);
        map.put("domain", domain);
        map.put("version", version);
        map.put("snapshot", snapshot.orElse(""));
        map.put("seed", seed.orElse(""));
        map.put("promoted_at", promotedAt);
        return JSON.std.asString(map) + "\n";
    }

    /** @throws IOException not JSON, or a required field (recipe, domain, version) missing or empty: named */
    static CanonicalRecord fromJson(String json) throws IOException {
        Map<String, Object> map = JSON.std.mapFrom(json);
        if (map == null) {
            throw new IOException("not a JSON object");
        }
        for (String required : new String[] {"recipe", "domain", "version"}) {
            if (text(map, required).isBlank()) {
                throw new IOException("no \"" + required + "\"");
            }
        }
        return new CanonicalRecord(text(map, "recipe"), text(map, "domain"), text(map, "version"),
                Optional.of(text(map, "snapshot")).filter(s -> !s.isEmpty()),
                Optional.of(text(map, "seed")).filter(s -> !s.isEmpty()), text(map, "promoted_at"));
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? "" : String.valueOf(value);
    }
}
