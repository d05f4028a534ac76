package org.coopcloud.ccci.harness.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches an exception message or a log line. Two kinds of
 * secret: literal values the caller knows (a token it passes to git, a generated password), and
 * shapes that always carry one (an HTTP Authorization header, a {@code token=}/{@code password=}
 * assignment, credentials in a URL). Immutable; {@link #and} builds a wider one.
 */
public final class Redactor {
    public static final String MASK = "****";

    /** Header values, key=value secrets and URL user-info: the parts a log must never show. */
    private static final List<Pattern> SECRET_SHAPES = List.of(
            Pattern.compile("(?i)(authorization:\\s*(?:bearer|token|basic)?\\s*)\\S+"),
            Pattern.compile("(?i)((?:token|password|passwd|secret|api[_-]?key)\\s*[=:]\\s*)[^\\s&\"']+"),
            Pattern.compile("(?i)(https?://)[^/@\\s:]+(?::[^/@\\s]*)?@"));

    private static final Redactor SHAPES_ONLY = new Redactor(List.of());

    private final List<String> literals;

    private Redactor(List<String> literals) {
        this.literals = literals;
    }

    /** Masks only the secret shapes. */
    public static Redactor shapes() {
        return SHAPES_ONLY;
    }

    /** Masks the secret shapes and every occurrence of these values (blank values are ignored). */
    public static Redactor secrets(Collection<String> values) {
        return SHAPES_ONLY.and(values);
    }

    public Redactor and(Collection<String> values) {
        List<String> all = new ArrayList<>(literals);
        values.stream().filter(Objects::nonNull).filter(v -> !v.isBlank()).forEach(all::add);
        // Longest first, so a secret that contains another is masked whole.
        all.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(all));
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String literal : literals) {
            result = result.replace(literal, MASK);
        }
        for (Pattern shape : SECRET_SHAPES) {
            Matcher m = shape.matcher(result);
            result = m.replaceAll(match -> Matcher.quoteReplacement(
                    match.group(1) + (match.group(0).endsWith("@") ? MASK + "@" : MASK)));
        }
        return result;
    }
}
