package org.coopcloud.ccci.engine.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.coopcloud.ccci.engine.Constants;
import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * The run inputs as configured (parameters, then Drone's env vars), validated field by field.
 * The recipe is optional here because it may also come from a selector; {@link #specFor(String)}
 * validates a recipe name from any source.
 *
 * <p>Validation runs before anything is created: a bad field is reported with its parameter
 * name, its env var and what was expected, and the engine discovers nothing.
 */
public final class RunInputs {
    private static final Pattern RECIPE = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");
    private static final Pattern REF_CHARS = Pattern.compile("[A-Za-z0-9._/+-]+");
    private static final Pattern PR = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Pattern SRC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+");
    private static final Pattern DOMAIN_SUFFIX = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final int MAX_LENGTH = 200;

    private final Optional<String> recipe;
    private final Optional<String> ref;
    private final Optional<Integer> pr;
    private final Optional<String> src;
    private final Set<Stage> stages;
    private final boolean quick;
    private final String domainSuffix;

    private RunInputs(Optional<String> recipe, Optional<String> ref, Optional<Integer> pr, Optional<String> src,
            Set<Stage> stages, boolean quick, String domainSuffix) {
        this.domainSuffix = domainSuffix;
        this.recipe = recipe;
        this.ref = ref;
        this.pr = pr;
        this.src = src;
        this.stages = stages;
        this.quick = quick;
    }

    /** Reads and validates every field; throws naming each bad one. */
    public static RunInputs read(Settings settings) {
        List<String> problems = new ArrayList<>();
        Optional<String> recipe = settings.get(Constants.RECIPE, Constants.RECIPE_ENV);
        recipe.flatMap(RunInputs::recipeProblem).ifPresent(problems::add);

        Optional<String> ref = settings.get(Constants.REF, Constants.REF_ENV);
        ref.filter(r -> !isSafeRef(r)).ifPresent(r -> problems.add(field(Constants.REF, Constants.REF_ENV, r,
                "a hex commit sha or a safe git ref name (letters, digits, . _ / + -; no '..', no leading '-' or '/')")));

        Optional<String> prText = settings.get(Constants.PR, Constants.PR_ENV);
        prText.filter(p -> !PR.matcher(p).matches()).ifPresent(p -> problems.add(
                field(Constants.PR, Constants.PR_ENV, p, "a pull request number")));
        Optional<Integer> pr = prText.filter(p -> PR.matcher(p).matches()).map(Integer::valueOf);

        Optional<String> src = settings.get(Constants.SRC, Constants.SRC_ENV);
        src.filter(s -> !SRC.matcher(s).matches() || s.contains(".."))
                .ifPresent(s -> problems.add(field(Constants.SRC, Constants.SRC_ENV, s, "owner/repo")));

        Set<Stage> stages = EnumSet.allOf(Stage.class);
        Optional<String> stagesText = settings.get(Constants.STAGES, Constants.STAGES_ENV);
        if (stagesText.isPresent()) {
            stages = EnumSet.noneOf(Stage.class);
            for (String part : stagesText.get().split(",")) {
                String id = part.trim().toLowerCase(Locale.ROOT);
                Optional<Stage> stage = Stage.fromId(id);
                if (stage.isPresent()) {
                    stages.add(stage.get());
                } else {
                    problems.add(field(Constants.STAGES, Constants.STAGES_ENV, part.trim(),
                            "a comma-separated list of " + knownStages()));
                }
            }
        }

        boolean quick = false;
        Optional<String> quickText = settings.get(Constants.QUICK, Constants.QUICK_ENV);
        if (quickText.isPresent()) {
            switch (quickText.get().toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes" -> quick = true;
                case "0", "false", "no" -> quick = false;
                default -> problems.add(field(Constants.QUICK, Constants.QUICK_ENV, quickText.get(),
                        "one of 1, 0, true, false, yes, no"));
            }
        }
        String domainSuffix = settings.get(Constants.DOMAIN_SUFFIX, Constants.DOMAIN_SUFFIX_ENV)
                .orElse(RunNaming.DEFAULT_DOMAIN_SUFFIX);
        if (!DOMAIN_SUFFIX.matcher(domainSuffix).matches() || domainSuffix.length() > 40) {
            problems.add(field(Constants.DOMAIN_SUFFIX, Constants.DOMAIN_SUFFIX_ENV, domainSuffix,
                    "a lower-case DNS name of at most 40 characters"));
        }
        settings.get(Constants.TRIGGER, Constants.TRIGGER_ENV)
                .filter(t -> org.coopcloud.ccci.engine.results.RunTrigger.fromId(t).isEmpty())
                .ifPresent(t -> problems.add(field(Constants.TRIGGER, Constants.TRIGGER_ENV, t,
                        "one of testme, scheduled, manual")));
        String runIdProblem = RunIds.problem(settings);
        if (runIdProblem != null) {
            problems.add(runIdProblem);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new RunInputs(recipe, ref, pr, src, stages, quick, domainSuffix);
    }

    public Optional<String> recipe() {
        return recipe;
    }

    public String domainSuffix() {
        return domainSuffix;
    }

    /** The spec of a run of the given recipe with these inputs; validates the recipe name. */
    public RunSpec specFor(String recipeName) {
        recipeProblem(recipeName).ifPresent(problem -> {
            throw new InvalidInputException(List.of(problem));
        });
        return new RunSpec(recipeName, ref, pr, src, stages, quick);
    }

    /** Why this recipe name is refused, if it is. */
    public static Optional<String> recipeProblem(String recipeName) {
        if (recipeName.length() <= 63 && RECIPE.matcher(recipeName).matches()) {
            return Optional.empty();
        }
        return Optional.of(field(Constants.RECIPE, Constants.RECIPE_ENV, recipeName,
                "a recipe name: [a-z0-9][a-z0-9-]*, at most 63 characters"));
    }

    static boolean isSafeRef(String ref) {
        if (ref.length() > MAX_LENGTH) {
            return false;
        }
        if (SHA.matcher(ref).matches()) {
            return true;
        }
        // The subset of git-check-ref-format that can never be read as an option or a path escape.
        return REF_CHARS.matcher(ref).matches()
                && !ref.startsWith("-") && !ref.startsWith("/") && !ref.endsWith("/") && !ref.endsWith(".")
                && !ref.contains("..") && !ref.contains("//") && !ref.endsWith(".lock") && !ref.contains("/.")
                && !ref.startsWith(".");
    }

    private static String field(String parameter, String envVar, String value, String expected) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        return parameter + " (env " + envVar + "): '" + shown + "' is not " + expected;
    }

    private static String knownStages() {
        StringBuilder known = new StringBuilder();
        for (Stage stage : Stage.values()) {
            known.append(known.length() == 0 ? "" : ", ").append(stage.id());
        }
        return known.toString();
    }
}
