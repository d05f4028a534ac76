package org.coopcloud.ccci.harness.profile;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.harness.profile.RecipeLocalFile.HttpCheck;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a recipe's {@value RecipeLocalFile#NAME} (YAML 1.2, core schema, through snakeyaml-engine's
 * node tree so every error names its line and column). Strict: an unknown key, a wrong type or a
 * duplicate key is an error, never ignored (a typo must not silently test less).
 */
public final class RecipeLocalFileReader {
    /** Larger than any sensible settings file; a bigger one is refused before it is parsed. */
    static final int MAX_BYTES = 64 * 1024;
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    /** An operator's file is named, never a path: a PR must not choose which file of the CI host it reads. */
    private static final Pattern OPERATOR_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]*");
    private static final List<String> TOP_KEYS = List.of("health", "stateless", "backup", "not_applicable", "env",
            "upgrade_base", "volume_markers", "secrets", "checks");

    private final Map<String, Integer> lines = new LinkedHashMap<>();

    private RecipeLocalFileReader() {
    }

    /** The file at the root of the recipe's checkout; {@link RecipeLocalFile#NONE} when there is none. */
    public static RecipeLocalFile readFrom(Path recipeDirectory) throws IOException {
        Path file = recipeDirectory.resolve(RecipeLocalFile.NAME);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return RecipeLocalFile.NONE;
        }
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new RecipeFileException(RecipeLocalFile.NAME + " must be a regular file (a symbolic link or a"
                    + " directory is not read)");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new RecipeFileException(RecipeLocalFile.NAME + " is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RecipeFileException(RecipeLocalFile.NAME + " is not UTF-8 text");
        }
        return parse(text);
    }

    /** Parses the file's text. */
    public static RecipeLocalFile parse(String text) {
        return new RecipeLocalFileReader().read(text);
    }

    private RecipeLocalFile read(String text) {
        Optional<Node> document;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(RecipeLocalFile.NAME).setSchema(new CoreSchema())
                    .setAllowDuplicateKeys(false).setMaxAliasesForCollections(20).setCodePointLimit(MAX_BYTES).build();
            document = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new RecipeFileException(RecipeLocalFile.NAME + (mark != null ? " line " + (mark.getLine() + 1)
                    + ", column " + (mark.getColumn() + 1) : "") + ": not valid YAML: " + problem.strip());
        } catch (YamlEngineException e) {
            throw new RecipeFileException(RecipeLocalFile.NAME + ": not valid YAML: " + e.getMessage());
        }
        if (document.isEmpty() || isNull(document.get())) {
            return RecipeLocalFile.NONE; // an empty file (or only comments) says nothing
        }
        Map<String, Node> top = mapping(document.get(), "the file", TOP_KEYS);
        Optional<String> healthPath = Optional.empty();
        Optional<Set<Integer>> accepted = Optional.empty();
        if (top.containsKey("health")) {
            Map<String, Node> health = mapping(top.get("health"), "health", List.of("path", "status"));
            if (health.containsKey("path")) {
                healthPath = Optional.of(path(health.get("path"), "health.path"));
                note("health.path", health.get("path"));
            }
            if (health.containsKey("status")) {
                accepted = Optional.of(statuses(health.get("status"), "health.status"));
                note("health.status", health.get("status"));
            }
        }
        Optional<Boolean> stateless = optional(top, "stateless", n -> bool(n, "stateless"));
        Optional<BackupCapability> backup = optional(top, "backup", this::backup);
        Map<Stage, String> notApplicable = new EnumMap<>(Stage.class);
        if (top.containsKey("not_applicable")) {
            Map<String, Node> skips = mapping(top.get("not_applicable"), "not_applicable", stageIds());
            skips.forEach((stage, reason) -> {
                notApplicable.put(Stage.fromId(stage).orElseThrow(), nonEmptyString(reason, "not_applicable." + stage
                        + " (the reason the report shows)"));
                note("not_applicable." + stage, reason);
            });
        }
        Map<String, String> env = top.containsKey("env") ? env(top.get("env")) : Map.of();
        Optional<String> upgradeBase = optional(top, "upgrade_base", n -> {
            String v = string(n, "upgrade_base");
            if (!VERSION.matcher(v).matches()) {
                throw error(n, "upgrade_base: '" + v + "' is not a version tag (such as 1.2.0+3.4.5)");
            }
            return v;
        });
        Optional<Boolean> markers = optional(top, "volume_markers", n -> bool(n, "volume_markers"));
        Map<String, String> secrets = top.containsKey("secrets") ? secrets(top.get("secrets")) : Map.of();
        List<HttpCheck> checks = top.containsKey("checks") ? checks(top.get("checks")) : List.of();
        return new RecipeLocalFile(healthPath, accepted, stateless, backup, notApplicable, env, upgradeBase, markers,
                secrets, checks, lines);
    }

    private <T> Optional<T> optional(Map<String, Node> map, String key, java.util.function.Function<Node, T> read) {
        if (!map.containsKey(key)) {
            return Optional.empty();
        }
        T value = read.apply(map.get(key));
        note(key, map.get(key));
        return Optional.of(value);
    }

    private BackupCapability backup(Node node) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT)) ? BackupCapability.YES
                    : BackupCapability.NO;
        }
        String v = string(node, "backup");
        return switch (v) {
            case "auto" -> BackupCapability.AUTO;
            case "yes" -> BackupCapability.YES;
            case "no" -> BackupCapability.NO;
            default -> throw error(node, "backup: '" + v + "' is not one of auto, yes, no");
        };
    }

    private Map<String, String> env(Node node) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                String line = string(item, "env (a list of KEY=value lines)");
                int eq = line.indexOf('=');
                if (eq <= 0 || !ENV_KEY.matcher(line.substring(0, eq)).matches()) {
                    throw error(item, "env: '" + line + "' is not KEY=value");
                }
                putOnce(env, line.substring(0, eq), line.substring(eq + 1), item);
            }
        } else if (node instanceof MappingNode) {
            mapping(node, "env", null).forEach((key, value) -> {
                if (!ENV_KEY.matcher(key).matches()) {
                    throw error(value, "env: '" + key + "' is not a variable name");
                }
                if (!(value instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
                    throw error(value, "env." + key + ": expected a value (text, a number or true/false)");
                }
                putOnce(env, key, s.getValue(), value);
            });
        } else {
            throw error(node, "env: expected a list of KEY=value lines or a mapping of KEY: value");
        }
        return env;
    }

    private void putOnce(Map<String, String> env, String key, String value, Node at) {
        if (env.put(key, value) != null) {
            throw error(at, "env: " + key + " is set twice");
        }
        note("env." + key, at);
    }

    private Map<String, String> secrets(Node node) {
        Map<String, String> secrets = new LinkedHashMap<>();
        if (!(node instanceof MappingNode)) {
            // Never describe the node: it may be the very value that must not be here.
            throw error(node, "secrets: expected a mapping of secret name -> {operator_file: <file name>}; a secret's"
                    + " value never goes in the recipe's repository");
        }
        mapping(node, "secrets", null).forEach((name, value) -> {
            if (!SECRET_NAME.matcher(name).matches()) {
                throw error(value, "secrets: '" + name + "' is not a secret's name (as in SECRET_<NAME>_VERSION, lower case)");
            }
            String where = "secrets." + name;
            if (!(value instanceof MappingNode)) {
                throw error(value, where + ": a secret's value never goes in the recipe's repository; name the operator's"
                        + " file that holds it on the CI host instead: `" + name + ": {operator_file: <file name>}`");
            }
            for (NodeTuple tuple : ((MappingNode) value).getValue()) {
                String key = key(tuple);
                if (!key.equals("operator_file")) {
                    throw error(tuple.getKeyNode(), where + ": unknown key '" + key + "' (known: operator_file; a secret's"
                            + " value never goes in the recipe's repository)");
                }
            }
            Node file = mapping(value, where, List.of("operator_file")).get("operator_file");
            if (file == null) {
                throw error(value, where + ": needs operator_file: the name of the operator's file that holds the value");
            }
            String fileName = string(file, where + ".operator_file");
            if (!OPERATOR_FILE.matcher(fileName).matches()) {
                throw error(file, where + ".operator_file: '" + fileName + "' is not a file name (letters, digits, . _ -;"
                        + " no path: the operator's secrets directory on the CI host holds it)");
            }
            secrets.put(name, fileName);
            note(where, file);
        });
        return secrets;
    }

    private List<HttpCheck> checks(Node node) {
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, "checks: expected a list of checks (each `- get: /path`)");
        }
        List<HttpCheck> checks = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        int index = 0;
        for (Node item : seq.getValue()) {
            index++;
            String where = "checks[" + index + "]";
            Map<String, Node> check = mapping(item, where, List.of("name", "get", "status", "contains"));
            if (!check.containsKey("get")) {
                throw error(item, where + ": needs get: the path to GET through the ingress");
            }
            String path = path(check.get("get"), where + ".get");
            int status = check.containsKey("status") ? status(check.get("status"), where + ".status") : 200;
            Optional<String> contains = check.containsKey("contains")
                    ? Optional.of(nonEmptyString(check.get("contains"), where + ".contains")) : Optional.empty();
            String name = check.containsKey("name") ? nonEmptyString(check.get("name"), where + ".name")
                    : HttpCheck.defaultName(path, status, contains);
            if (!names.add(name)) {
                throw error(item, where + ": another check is already named '" + name + "' (give each a name of its own)");
            }
            checks.add(new HttpCheck(name, path, status, contains, line(item)));
        }
        return checks;
    }

    private Set<Integer> statuses(Node node, String where) {
        Set<Integer> statuses = new LinkedHashSet<>();
        if (node instanceof SequenceNode seq) {
            if (seq.getValue().isEmpty()) {
                throw error(node, where + ": expected at least one HTTP status");
            }
            seq.getValue().forEach(item -> statuses.add(status(item, where)));
        } else {
            statuses.add(status(node, where));
        }
        return Set.copyOf(statuses);
    }

    private int status(Node node, String where) {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
            throw error(node, where + ": expected an HTTP status (a number such as 200), got " + describe(node));
        }
        int status;
        try {
            status = Integer.parseInt(s.getValue());
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 100 || status > 599) {
            throw error(node, where + ": " + s.getValue() + " is not an HTTP status (100 to 599)");
        }
        return status;
    }

    private String path(Node node, String where) {
        String path = string(node, where);
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw error(node, where + ": '" + path + "' is not a path (it starts with / and has no spaces)");
        }
        return path;
    }

    private boolean bool(Node node, String where) {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
            throw error(node, where + ": expected true or false, got " + describe(node));
        }
        return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
    }

    private String nonEmptyString(Node node, String where) {
        String value = string(node, where);
        if (value.isBlank()) {
            throw error(node, where + ": must not be empty");
        }
        return value;
    }

    private String string(Node node, String where) {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.STR)) {
            throw error(node, where + ": expected text, got " + describe(node));
        }
        return s.getValue();
    }

    /** A mapping's entries by key, refusing duplicates and (when {@code known} is given) unknown keys. */
    private Map<String, Node> mapping(Node node, String where, List<String> known) {
        if (!(node instanceof MappingNode map)) {
            throw error(node, where + ": expected a mapping (key: value lines), got " + describe(node));
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = key(tuple);
            if (known != null && !known.contains(key)) {
                throw error(tuple.getKeyNode(), (where.equals("the file") ? "" : where + ": ") + "unknown key '" + key
                        + "' (known: " + String.join(", ", known) + ")");
            }
            if (entries.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), (where.equals("the file") ? "" : where + ": ") + "'" + key
                        + "' is given twice");
            }
        }
        return entries;
    }

    private String key(NodeTuple tuple) {
        if (!(tuple.getKeyNode() instanceof ScalarNode s)) {
            throw error(tuple.getKeyNode(), "a key must be plain text");
        }
        return s.getValue();
    }

    private static List<String> stageIds() {
        return java.util.Arrays.stream(Stage.values()).map(Stage::id).toList();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        if (s.getTag().equals(Tag.NULL)) {
            return "nothing";
        }
        String kind = s.getTag().equals(Tag.STR) ? "text" : s.getTag().equals(Tag.INT) ? "a number"
                : s.getTag().equals(Tag.BOOL) ? "true/false" : s.getTag().equals(Tag.FLOAT) ? "a number" : "a value";
        return kind + " '" + s.getValue() + "'";
    }

    private void note(String key, Node node) {
        lines.put(key, line(node));
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static RecipeFileException error(Node node, String message) {
        String at = node.getStartMark().map(m -> " line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
        return new RecipeFileException(RecipeLocalFile.NAME + at + ": " + message);
    }
}
