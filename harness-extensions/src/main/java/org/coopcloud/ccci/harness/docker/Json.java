package org.coopcloud.ccci.harness.docker;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daemon's JSON as plain maps and lists (jackson-jr), and safe navigation into them. The
 * API's objects are large and we read a handful of fields from each, so binding them to classes
 * would be more code than reading the fields by path.
 */
final class Json {
    private Json() {
    }

    static Object parse(byte[] json) {
        try {
            return JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the daemon sent malformed JSON", e);
        }
    }

    static byte[] write(Object value) {
        try {
            return JSON.std.asBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }

    /** The value at a path of object keys, or null where any step is missing or not an object. */
    static Object at(Object root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static String string(Object root, String... keys) {
        Object value = at(root, keys);
        return value == null ? "" : value.toString();
    }

    static long number(Object root, String... keys) {
        return at(root, keys) instanceof Number number ? number.longValue() : 0L;
    }

    static boolean bool(Object root, String... keys) {
        return Boolean.TRUE.equals(at(root, keys));
    }

    static Map<String, String> stringMap(Object root, String... keys) {
        if (!(at(root, keys) instanceof Map<?, ?> map)) {
            return Map.of();
        }
        TreeMap<String, String> strings = new TreeMap<>();
        map.forEach((k, v) -> strings.put(String.valueOf(k), v == null ? "" : v.toString()));
        return Collections.unmodifiableMap(strings);
    }

    static List<?> list(Object root, String... keys) {
        return at(root, keys) instanceof List<?> list ? list : List.of();
    }
}
