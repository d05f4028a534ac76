package org.coopcloud.ccci.bridge.sweep;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * abra's recipe catalogue ({@code ~/.abra/catalogue/recipes.json}): an object of recipes by name,
 * each with its {@code repository} (a git URL, or a path on the sandbox) and {@code default_branch}.
 * The sweep reads only those; the catalogue's {@code versions} may lag behind the repository's tags,
 * so the newest release is read from the repository itself.
 */
public record Catalogue(List<Entry> recipes) {
    public record Entry(String name, String repository, String defaultBranch) {
    }

    /** The catalogue's recipes by name; a file that is not a catalogue fails with the file and the field named. */
    public static Catalogue read(Path file) throws IOException {
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(Files.readString(file));
        } catch (IOException e) {
            throw new IOException("catalogue " + file + ": " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IOException("catalogue " + file + ": not a JSON object of recipes by name");
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> recipe) || !(recipe.get("repository") instanceof String repository)
                    || repository.isBlank()) {
                throw new IOException("catalogue " + file + ": recipe " + name + " has no repository");
            }
            Object branch = recipe.get("default_branch");
            entries.add(new Entry(name, repository.strip(), branch instanceof String b && !b.isBlank() ? b.strip() : "main"));
        }
        return new Catalogue(List.copyOf(entries));
    }
}
