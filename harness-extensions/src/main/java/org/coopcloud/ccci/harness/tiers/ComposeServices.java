package org.coopcloud.ccci.harness.tiers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.coopcloud.ccci.engine.api.InfrastructureException;

/**
 * The service names a recipe's compose files declare: the keys of the top-level {@code services:}
 * mapping. A line-based reading is enough for the compose files recipes use (block style, two-space
 * or wider indentation) and keeps a YAML library out of the harness.
 */
final class ComposeServices {
    private ComposeServices() {
    }

    static Set<String> declaredIn(Path recipeDirectory, List<String> composeFiles) throws IOException {
        Set<String> services = new LinkedHashSet<>();
        for (String file : composeFiles) {
            Path compose = recipeDirectory.resolve(file.strip());
            if (!Files.isRegularFile(compose)) {
                // Never silently fewer services: the deploy used this file, so not finding it is our fault.
                throw new InfrastructureException("compose file " + file.strip() + " (from COMPOSE_FILE=" + String.join(":", composeFiles)
                        + ") not found in " + recipeDirectory + ": the harness cannot tell which services the recipe declares");
            }
            services.addAll(parse(Files.readAllLines(compose)));
        }
        return services;
    }

    static Set<String> parse(List<String> lines) {
        Set<String> services = new LinkedHashSet<>();
        boolean inServices = false;
        int keyIndent = -1;
        for (String line : lines) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (indent == 0) {
                inServices = line.startsWith("services:");
                keyIndent = -1;
                continue;
            }
            if (!inServices) {
                continue;
            }
            if (keyIndent < 0) {
                keyIndent = indent;
            }
            String trimmed = line.replaceFirst("\\s+#.*$", "").strip(); // a trailing comment
            if (indent == keyIndent && trimmed.endsWith(":") && !trimmed.startsWith("-")) {
                services.add(trimmed.substring(0, trimmed.length() - 1).replace("\"", "").replace("'", ""));
            }
        }
        return services;
    }
}
