package org.coopcloud.ccci.harness.canonical;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mark a run puts on a canonical app before it changes it, and removes only once the app is
 * back at its release and snapshot. A mark found by anyone else (a later run, the janitor, {@code
 * bin/ccci canonical status}) means a run changed the app and died before putting it back.
 */
public record CanonicalMark(String runId, long pid, String since) {

    String toJson() throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("run_id", runId);
        map.put("pid", pid);
        map.put("since", since);
        return JSON.std.asString(map) + "\n";
    }

    static CanonicalMark fromJson(String json) throws IOException {
        Map<String, Object> map = JSON.std.mapFrom(json);
        Object pid = map.get("pid");
        return new CanonicalMark(String.valueOf(map.get("run_id")), pid instanceof Number n ? n.longValue() : -1,
                String.valueOf(map.get("since")));
    }

    public String describe() {
        return "changed by run " + runId + " (pid " + pid + ") since " + since;
    }
}
