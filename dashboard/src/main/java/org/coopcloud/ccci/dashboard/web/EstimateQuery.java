package org.coopcloud.ccci.dashboard.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * The query of {@code GET /api/recipes/<recipe>/estimate}: {@code stages} (required, comma-separated
 * stage ids) and {@code quick} (optional, {@code 1}/{@code 0}/{@code true}/{@code false}). The stages
 * come out in the order results.json records them, so they compare equal to a run's.
 */
record EstimateQuery(List<String> stages, boolean quick) {

    /** @throws IllegalArgumentException naming the field that is wrong */
    static EstimateQuery parse(String rawQuery) {
        Optional<String> stagesText = Optional.empty();
        boolean quick = false;
        for (String pair : rawQuery == null || rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            switch (key) {
                case "stages" -> stagesText = Optional.of(value);
                case "quick" -> quick = switch (value) {
                    case "1", "true" -> true;
                    case "0", "false" -> false;
                    default -> throw new IllegalArgumentException("quick: '" + printable(value) + "' is not 1, 0, true or false");
                };
                default -> throw new IllegalArgumentException("unknown parameter '" + printable(key) + "' (stages, quick)");
            }
        }
        if (stagesText.isEmpty() || stagesText.get().isBlank()) {
            throw new IllegalArgumentException("stages: missing (comma-separated stage ids, e.g. stages=install,upgrade)");
        }
        Set<Stage> stages = EnumSet.noneOf(Stage.class);
        for (String id : stagesText.get().split(",", -1)) {
            stages.add(Stage.fromId(id.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "stages: '" + printable(id) + "' is not a stage (install, upgrade, backup, restore, custom)")));
        }
        return new EstimateQuery(stages.stream().sorted().map(Stage::id).toList(), quick);
    }

    /** Echoed input is cut and kept to printable ASCII: an error message is no place for control characters. */
    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
