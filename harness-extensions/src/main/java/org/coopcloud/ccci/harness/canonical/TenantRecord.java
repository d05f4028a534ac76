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

    static TenantRecord fromJson(String json) throws IOException {
        Map<String, Object> map = JSON.std.mapFrom(json);
        return new TenantRecord(String.valueOf(map.get("tenant")), String.valueOf(map.get("owner_domain")),
                String.valueOf(map.get("run_id")), String.valueOf(map.get("since")));
    }
}
