package org.coopcloud.ccci.bridge.http;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON of an API answer defensively: a missing field, a wrong type or a body that is not
 * JSON at all becomes an {@link ApiException} naming what was wrong, never a crash.
 */
public final class Json {
    private Json() {
    }

    public static Map<String, Object> object(String body, String what) throws ApiException {
        Object parsed = parse(body, what);
        if (parsed instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return typed;
        }
        throw malformed(what, "expected a JSON object");
    }

    public static List<Object> array(String body, String what) throws ApiException {
        Object parsed = parse(body, what);
        if (parsed instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> typed = (List<Object>) list;
            return typed;
        }
        throw malformed(what, "expected a JSON array");
    }

    public static Map<String, Object> object(Object value, String what) throws ApiException {
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return typed;
        }
        throw malformed(what, "expected a JSON object");
    }

    public static String string(Map<String, Object> map, String key, String what) throws ApiException {
        Object value = map.get(key);
        if (value instanceof String s) {
            return s;
        }
        throw malformed(what, "field '" + key + "' is missing or not a string");
    }

    public static String optionalString(Map<String, Object> map, String key) {
        return map.get(key) instanceof String s ? s : null;
    }

    public static long number(Map<String, Object> map, String key, String what) throws ApiException {
        Object value = map.get(key);
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw malformed(what, "field '" + key + "' is missing or not a number");
    }

    public static String write(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static Object parse(String body, String what) throws ApiException {
        if (body == null || body.isBlank()) {
            throw malformed(what, "empty body");
        }
        try {
            return JSON.std.anyFrom(body);
        } catch (IOException | RuntimeException e) {
            throw malformed(what, "not JSON");
        }
    }

    private static ApiException malformed(String what, String why) {
        return new ApiException(what + ": malformed answer (" + why + ")", 0);
    }
}
