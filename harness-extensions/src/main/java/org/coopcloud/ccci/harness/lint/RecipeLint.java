package org.coopcloud.ccci.harness.lint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coopcloud.ccci.harness.app.DotEnv;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * abra's recipe lint ({@link LintRule}) in Java, over a recipe's files as checked out (the PR head):
 * {@code .env.sample}, the compose files its {@code COMPOSE_FILE} names (else {@code compose.yml}),
 * {@code README.md}, {@code abra.sh}. Reads files only; what needs more is handed in: the recipe's
 * lightweight tags (from git) and its published versions (from the catalogue), each absent when this
 * host cannot tell, which makes the rule "not checked", never satisfied. R013 (the recipe's repository
 * on git.coopcloud.tech) needs the network and is never checked here.
 *
 * <p>Compose files are YAML: read with snakeyaml-engine (YAML 1.2, with the line and column of a
 * syntax error). A compose file that does not parse, or a {@code COMPOSE_FILE} entry that is not
 * there, is the recipe's fault: {@link LintException}, naming the file and line.
 */
public final class RecipeLint {
    /** abra's expected compose version (R001). */
    static final String COMPOSE_VERSION = "3.8";
    /** R015: abra warns about secret names longer than this. */
    static final int SECRET_NAME_MAX = 12;
    /** The README metadata abra's R007 needs filled in (between {@code <!-- metadata -->} and {@code <!-- endmetadata -->}). */
    static final List<String> METADATA_KEYS = List.of("Category", "Status", "Image", "Healthcheck", "Backups", "Email", "Tests", "SSO");

    private static final Pattern SEMVER_LIKE = Pattern.compile("v?[0-9]+(\\.[0-9]+){0,3}([-+_][0-9A-Za-z._-]+)?");
    private static final Pattern METADATA_LINE = Pattern.compile("^\\s*[*-]\\s*\\*\\*([^*]+)\\*\\*\\s*:\\s*(.*)$");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\\}");

    /**
     * @param lightweightTags the recipe's tags that are not annotated; empty when git could not tell
     * @param publishedVersions how many versions the catalogue lists for the recipe (0: not in it);
     *                          empty when there is no catalogue to read
     */
    public record Facts(Optional<List<String>> lightweightTags, Optional<Integer> publishedVersions) {
    }

    private RecipeLint() {
    }

    public static LintReport lint(Path recipeDir, Facts facts) throws IOException {
        long start = System.nanoTime();
        Path sample = recipeDir.resolve(".env.sample");
        boolean hasSample = Files.isRegularFile(sample);
        Map<String, String> env = hasSample ? DotEnv.parse(Files.readString(sample), Map.of()) : Map.of();
        List<String> composeFiles = composeFiles(env);
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        List<String> wrongVersion = new ArrayList<>();
        for (String file : composeFiles) {
            Map<String, Object> compose = load(recipeDir, file);
            Object version = compose.get("version");
            if (version == null || !COMPOSE_VERSION.equals(String.valueOf(version))) {
                wrongVersion.add(file + (version == null ? " has no version" : " has version " + version));
            }
            for (Map.Entry<String, Object> service : mapping(compose.get("services")).entrySet()) {
                // A later file adds to a service of an earlier one, as docker stack deploy merges them.
                services.computeIfAbsent(service.getKey(), k -> new LinkedHashMap<>()).putAll(mapping(service.getValue()));
            }
            secrets.addAll(mapping(compose.get("secrets")).keySet());
        }

        List<LintFinding> findings = new ArrayList<>();
        findings.add(LintFinding.failedIf(LintRule.R001, !wrongVersion.isEmpty(), String.join("; ", wrongVersion)));
        findings.add(LintFinding.failedIf(LintRule.R002, !withoutKey(services, "healthcheck").isEmpty(),
                "no healthcheck on " + String.join(", ", withoutKey(services, "healthcheck"))));

        Map<String, String> images = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (service.get("image") != null) {
                images.put(name, interpolate(String.valueOf(service.get("image")), env));
            }
        });
        List<String> untagged = new ArrayList<>();
        List<String> unstable = new ArrayList<>();
        List<String> notSemver = new ArrayList<>();
        images.forEach((name, image) -> {
            Optional<String> tag = tag(image);
            if (tag.isEmpty()) {
                if (!image.contains("@")) {
                    untagged.add(name + " (" + image + ")");
                }
            } else if (tag.get().equals("latest")) {
                unstable.add(name + " (" + image + ")");
            } else if (!SEMVER_LIKE.matcher(tag.get()).matches()) {
                notSemver.add(name + " (" + image + ")");
            }
        });
        findings.add(LintFinding.failedIf(LintRule.R003, !untagged.isEmpty(), "no tag on " + String.join(", ", untagged)));
        findings.add(LintFinding.failedIf(LintRule.R004, !unstable.isEmpty(), "latest on " + String.join(", ", unstable)));
        findings.add(LintFinding.failedIf(LintRule.R005, !notSemver.isEmpty(), "not semver-like: " + String.join(", ", notSemver)));

        findings.add(facts.publishedVersions()
                .map(n -> LintFinding.failedIf(LintRule.R006, n == 0, "the catalogue lists no version of the recipe"))
                .orElseGet(() -> new LintFinding(LintRule.R006, LintFinding.Outcome.NOT_CHECKED, "no catalogue on this host")));
        List<String> missingMetadata = missingMetadata(recipeDir.resolve("README.md"));
        findings.add(LintFinding.failedIf(LintRule.R007, !missingMetadata.isEmpty(),
                "README.md metadata missing or empty: " + String.join(", ", missingMetadata)));
        findings.add(LintFinding.failedIf(LintRule.R008, !hasSample, "no .env.sample"));
        findings.add(LintFinding.failedIf(LintRule.R009, !services.containsKey("app"),
                "no service 'app' among " + String.join(", ", services.keySet())));
        if (hasSample && !env.containsKey("DOMAIN")) {
            findings.add(new LintFinding(LintRule.R010, LintFinding.Outcome.SKIPPED, ".env.sample has no DOMAIN: nothing to route"));
        } else {
            boolean enabled = services.values().stream().anyMatch(RecipeLint::traefikEnabled);
            findings.add(LintFinding.failedIf(LintRule.R010, !enabled, "no service has the deploy label traefik.enable=true"));
        }
        List<String> imageless = withoutKey(services, "image");
        findings.add(LintFinding.failedIf(LintRule.R011, !imageless.isEmpty(), "no image on " + String.join(", ", imageless)));
        List<String> withConfigs = services.entrySet().stream().filter(e -> e.getValue().get("configs") != null).map(Map.Entry::getKey).toList();
        findings.add(LintFinding.failedIf(LintRule.R012, !withConfigs.isEmpty() && !Files.isRegularFile(recipeDir.resolve("abra.sh")),
                String.join(", ", withConfigs) + " use configs but there is no abra.sh"));
        findings.add(new LintFinding(LintRule.R013, LintFinding.Outcome.NOT_CHECKED, "needs git.coopcloud.tech (the network)"));
        findings.add(facts.lightweightTags()
                .map(tags -> LintFinding.failedIf(LintRule.R014, !tags.isEmpty(), "lightweight tags: " + String.join(", ", tags)))
                .orElseGet(() -> new LintFinding(LintRule.R014, LintFinding.Outcome.NOT_CHECKED, "the recipe's tags could not be read")));
        List<String> longSecrets = secrets.stream().filter(s -> s.length() > SECRET_NAME_MAX).toList();
        findings.add(LintFinding.failedIf(LintRule.R015, !longSecrets.isEmpty(),
                "longer than " + SECRET_NAME_MAX + " characters: " + String.join(", ", longSecrets)));
        return new LintReport(findings, (System.nanoTime() - start) / 1_000_000);
    }

    /** The compose files {@code COMPOSE_FILE} chains (abra's reading of the sample), else {@code compose.yml}. */
    static List<String> composeFiles(Map<String, String> env) {
        String chain = env.getOrDefault("COMPOSE_FILE", "").strip();
        if (chain.isEmpty()) {
            return List.of("compose.yml");
        }
        return List.copyOf(new LinkedHashSet<>(List.of(chain.split(":")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()));
    }

    private static Map<String, Object> load(Path recipeDir, String file) throws IOException {
        Path path = recipeDir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new LintException(".env.sample's COMPOSE_FILE names " + file + ", which the recipe does not have");
        }
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(file).build()).loadFromString(Files.readString(path));
        } catch (YamlEngineException e) {
            throw new LintException(file + " is not valid YAML: " + e.getMessage().strip().replace('\n', ' '));
        }
        if (document != null && !(document instanceof Map)) {
            throw new LintException(file + " is not a compose file: its top level is not a mapping");
        }
        return mapping(document);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        ((Map<Object, Object>) map).forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private static List<String> withoutKey(Map<String, Map<String, Object>> services, String key) {
        return services.entrySet().stream().filter(e -> e.getValue().get(key) == null).map(Map.Entry::getKey).toList();
    }

    /** The tag of an image reference ({@code name[:tag][@digest]}), if it has one. */
    static Optional<String> tag(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        return colon > slash ? Optional.of(name.substring(colon + 1)) : Optional.empty();
    }

    private static boolean traefikEnabled(Map<String, Object> service) {
        Object labels = mapping(service.get("deploy")).get("labels");
        if (labels instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::strip).anyMatch(l -> l.equals("traefik.enable=true"));
        }
        return "true".equals(String.valueOf(mapping(labels).get("traefik.enable")));
    }

    /** {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR-default}} from the sample's values, as abra loads compose files. */
    static String interpolate(String text, Map<String, String> env) {
        Matcher m = INTERPOLATION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            String operator = m.group(2);
            if (operator != null && operator.endsWith("-") && (value == null || (operator.startsWith(":") && value.isEmpty()))) {
                value = m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The metadata keys abra's R007 wants that the README lacks or leaves empty (all of them without a README). */
    static List<String> missingMetadata(Path readme) throws IOException {
        if (!Files.isRegularFile(readme)) {
            return METADATA_KEYS;
        }
        Map<String, String> found = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.contains("<!-- metadata -->")) {
                inside = true;
            } else if (line.contains("<!-- endmetadata -->")) {
                inside = false;
            } else if (inside) {
                Matcher m = METADATA_LINE.matcher(line);
                if (m.matches()) {
                    found.put(m.group(1).strip(), m.group(2).strip());
                }
            }
        }
        Set<String> missing = new TreeSet<>();
        for (String key : METADATA_KEYS) {
            if (found.getOrDefault(key, "").isEmpty()) {
                missing.add(key);
            }
        }
        return METADATA_KEYS.stream().filter(missing::contains).toList();
    }
}
