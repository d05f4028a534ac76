package org.coopcloud.ccci.harness.lint;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.AppFailureException;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessResult;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;

/**
 * The lint step: abra's recipe lint rules ({@link RecipeLint}) over the recipe at the PR head, right
 * after the fetch and before anything is deployed (DESIGN section 9). An error-level finding is the
 * recipe's fault and fails the install rung before the deploy (abra refuses to publish the recipe or
 * deploy a release of it): level 0, nothing deployed, the rule ids in the reason. Warnings and rules
 * that could not be checked are listed in the log and in the {@code lint.done} event, and never
 * fail the run. Costs a few milliseconds and one {@code git for-each-ref}.
 */
public final class LintExtension implements BeforeRunCallback {
    /** Right after the recipe is fetched and its recipe-local file read, before the janitor, the lock and the deploy. */
    public static final int ORDER = ExtensionOrder.RECIPE_LOCAL_FILE + 10;

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public void beforeRun(RunContext run) throws Exception {
        RecipeCheckout checkout = run.store().require(RecipeCheckout.class);
        RunPlatform platform = run.store().require(RunPlatform.class);
        RunWorkspace workspace = run.store().require(RunWorkspace.class);
        RecipeLint.Facts facts = new RecipeLint.Facts(lightweightTags(platform, checkout.directory()),
                publishedVersions(workspace.abraDir().resolve("catalogue").resolve("recipes.json"), checkout.recipe()));
        LintReport report;
        try {
            report = RecipeLint.lint(checkout.directory(), facts);
        } catch (LintException e) {
            run.events().emit("lint.done", Map.of("status", "fail", "reason", e.getMessage()));
            throw new AppFailureException("lint (abra's recipe lint rules): " + e.getMessage());
        }
        System.out.println("== lint, abra's rules (" + report.millis() + " ms): " + report.summary() + " ==");
        report.lines().forEach(line -> System.out.println("   " + line));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("status", report.passed() ? "pass" : "fail");
        event.put("millis", report.millis());
        event.put("errors", ids(report.errors()));
        event.put("warnings", ids(report.warnings()));
        event.put("not_checked", ids(report.notChecked()));
        event.put("findings", report.lines());
        run.events().emit("lint.done", event);
        if (!report.passed()) {
            throw new AppFailureException("lint (abra's recipe lint rules): " + report.errors().size() + " error-level "
                    + (report.errors().size() == 1 ? "finding" : "findings") + ", so abra would refuse to publish it or deploy a release: "
                    + String.join("; ", report.errors().stream().map(LintFinding::line).toList()));
        }
    }

    private static List<String> ids(List<LintFinding> findings) {
        return findings.stream().map(f -> f.rule().name()).toList();
    }

    /** The tags that are not annotated ({@code objecttype} commit), or empty when git cannot say. */
    private static Optional<List<String>> lightweightTags(RunPlatform platform, Path directory) throws InterruptedException {
        try {
            ProcessResult result = platform.runner().run(Command.of(List.of("git", "-C", directory.toString(), "for-each-ref",
                    "--format=%(objecttype) %(refname:short)", "refs/tags")));
            if (result.exitCode() != 0) {
                return Optional.empty();
            }
            List<String> lightweight = new ArrayList<>();
            for (String line : result.stdout().split("\n")) {
                if (line.startsWith("commit ")) {
                    lightweight.add(line.substring("commit ".length()).strip());
                }
            }
            return Optional.of(lightweight);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** How many versions the host's catalogue lists for the recipe (0: absent), or empty without a readable catalogue. */
    static Optional<Integer> publishedVersions(Path catalogue, String recipe) {
        if (!Files.isRegularFile(catalogue)) {
            return Optional.empty();
        }
        try {
            Object entry = JSON.std.mapFrom(Files.readString(catalogue)).get(recipe);
            if (!(entry instanceof Map<?, ?> map)) {
                return Optional.of(0);
            }
            return Optional.of(map.get("versions") instanceof List<?> versions ? versions.size() : 0);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
