package org.coopcloud.ccci.harness.canonical;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant a run holds in a warm canonical app, written before the tenant is made and removed only
 * once it is gone: the owner's app domain is what the janitor probes to tell a live run's tenant
 * from a dead one's.
 */
public record TenantRecord(String tenant, String ownerDomain, String runId, String since) {

    String toJson() throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tenant", tenant);
        map.put("owner_domain", ownerDomain);
        map.put("run_id", runId);
        map.put("since", since);
        return JSON.std.asString(map) + "\n";
    }

    /** @throws IOException not JSON, or a field missing or empty: named (never the string "null") */
    static TenantRecord fromJson(String json) throws IOException {
        Map<String, Object> map = JSON.std.mapFrom(json);
        if (map == null) {
            throw new IOException("not a JSON object");
        }
        return new TenantRecord(required(map, "tenant"), required(map, "owner_domain"), required(map, "run_id"),
                required(map, "since"));
    }

    private static String required(Map<String, Object> map, String field) throws IOException {
        Object value = map.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IOException("no \"" + field + "\"" + (value == null ? "" : " (found " + value + ")"));
        }
        return text;
    }
}
