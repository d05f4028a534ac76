package org.coopcloud.ccci.harness.profile;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * What a recipe says about itself in {@value #NAME} at the root of its own repository, read at the PR
 * head ({@link RecipeLocalFileReader}): the same settings as a Java {@link Profile}, and the recipe's
 * own HTTP checks (its custom rung). Every setting is optional; {@link #lines()} holds where each
 * was set ("health.path" -> 3), so a report can say where a setting came from.
 *
 * @param secretFiles a {@code generate=false} secret's name -> the name of the operator's file that holds
 *                    its value on the CI host (never a value: see {@code RecipeFileSecrets})
 */
public record RecipeLocalFile(Optional<String> healthPath, Optional<Set<Integer>> acceptedStatus,
        Optional<Boolean> stateless, Optional<BackupCapability> backup, Map<Stage, String> notApplicable,
        Map<String, String> env, Optional<String> upgradeBase, Optional<Boolean> volumeMarkers,
        Map<String, String> secretFiles, List<HttpCheck> checks, Map<String, Integer> lines) {

    /** The file's name at the root of the recipe's repository. */
    public static final String NAME = ".cc-ci.yml";

    /** A recipe without the file: every setting left to the Java profile or the defaults. */
    public static final RecipeLocalFile NONE = new RecipeLocalFile(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), Map.of(), List.of(), Map.of());

    public RecipeLocalFile {
        notApplicable = Map.copyOf(notApplicable);
        env = Map.copyOf(env);
        secretFiles = Map.copyOf(secretFiles);
        checks = List.copyOf(checks);
        lines = Map.copyOf(lines);
    }

    /** Where a setting was made, for reports: ".cc-ci.yml line 3". */
    public String where(String key) {
        Integer line = lines.get(key);
        return line != null ? NAME + " line " + line : NAME;
    }

    /**
     * One functional check: a GET of {@code path} at the app's domain through the ingress, as a user
     * makes it, expecting {@code status} and, when given, a body that contains {@code contains}.
     *
     * @param name the display name the maintainer gave, or one made from the request and expectation
     * @param line where the check starts in the file (1-based)
     */
    public record HttpCheck(String name, String path, int status, Optional<String> contains, int line) {
        /** The name reports show when the maintainer gave none: {@code GET /health answers 200 containing "ok"}. */
        static String defaultName(String path, int status, Optional<String> contains) {
            return "GET " + path + " answers " + status + contains.map(c -> " containing \"" + c + "\"").orElse("");
        }
    }
}
