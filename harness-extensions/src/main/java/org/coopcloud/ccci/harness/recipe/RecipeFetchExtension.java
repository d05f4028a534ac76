package org.coopcloud.ccci.harness.recipe;

import org.coopcloud.ccci.engine.api.VersionOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.BadInputException;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessFailedException;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.workspace.RunWorkspace;

/**
 * Fetches the recipe into the run's own {@code recipes/} (so two runs of one recipe never share a
 * checkout) and checks out the PR head: {@code abra recipe fetch}, then, when a ref is given, a git
 * fetch of that ref from the PR's source repository (or the recipe's origin) and a forced checkout.
 *
 * <p>A token ({@code CCCI_GIT_TOKEN}) goes in a per-command HTTP header set through the child's
 * environment ({@link GitFetch}): never on a command line, never in a URL, never in git config on
 * disk, never printed (the runner redacts it).
 */
public final class RecipeFetchExtension implements BeforeRunCallback {
    public static final String TOKEN_ENV = "CCCI_GIT_TOKEN";
    public static final String GIT_BASE_PARAMETER = "ccci.git.base";
    public static final String GIT_BASE_ENV = "CCCI_GIT_BASE";
    public static final String DEFAULT_GIT_BASE = "https://git.coopcloud.tech";

    @Override
    public int order() {
        return ExtensionOrder.RECIPE_FETCH;
    }

    @Override
    public void beforeRun(RunContext run) throws Exception {
        RunPlatform platform = run.store().require(RunPlatform.class);
        RunWorkspace workspace = run.store().require(RunWorkspace.class);
        RunSpec spec = run.spec();
        Path directory = workspace.recipeDir(spec.recipe());
        try {
            platform.abra().recipeFetch(spec.recipe());
        } catch (InfrastructureException e) {
            if (MissingSource.says(e.getMessage())) {
                throw new BadInputException("the recipe '" + spec.recipe() + "' is unknown: neither the catalogue nor"
                        + " the git host has it (check the recipe's name)", e);
            }
            throw e;
        }
        Optional<String> token = run.settings().env(TOKEN_ENV);
        ProcessRunner git = token.map(t -> platform.runner().withSecrets(List.of(t))).orElse(platform.runner());
        if (spec.ref().isPresent()) {
            String source = spec.src().map(src -> run.settings().get(GIT_BASE_PARAMETER, GIT_BASE_ENV)
                    .orElse(DEFAULT_GIT_BASE) + "/" + src + ".git").orElse("origin");
            if (token.isPresent()) {
                GitFetch.requireEnvironmentConfig(git);
            }
            try {
                run(git, GitFetch.of(directory, source, spec.ref().get(), token), "fetch " + spec.ref().get() + " of "
                        + spec.recipe());
            } catch (InfrastructureException e) {
                if (MissingSource.says(e.getMessage())) {
                    throw new BadInputException("the ref '" + spec.ref().get() + "' does not exist in "
                            + spec.src().orElse("the recipe's repository") + " (a deleted branch, a mistyped ref or"
                            + " repository?); nothing was deployed", e);
                }
                throw e;
            }
            run(git, List.of("git", "-C", directory.toString(), "checkout", "--quiet", "-f", "FETCH_HEAD"),
                    "check out " + spec.ref().get());
        }
        String head = run(git, List.of("git", "-C", directory.toString(), "rev-parse", "HEAD"), "read HEAD").strip();
        List<String> versions = VersionOrder.versionTags(run(git, List.of("git", "-C", directory.toString(), "tag",
                "--list"), "list tags"));
        RecipeCheckout checkout = new RecipeCheckout(spec.recipe(), directory, head, versions);
        recordSource(run, spec, head);
        run.store().put(RecipeCheckout.class, checkout);
        run.events().emit("recipe.fetched", Map.of("recipe", spec.recipe(), "head", checkout.shortSha(),
                "versions", String.join(",", versions)));
    }

    /** The commit under test for results.json, with web links when the PR's repository is on the git host. */
    private static void recordSource(RunContext run, RunSpec spec, String head) {
        Optional<String> repo = spec.src().map(src -> run.settings().get(GIT_BASE_PARAMETER, GIT_BASE_ENV)
                .orElse(DEFAULT_GIT_BASE) + "/" + src);
        run.recordSource(head, repo.map(r -> r + "/commit/" + head),
                repo.flatMap(r -> spec.pr().map(pr -> r + "/pulls/" + pr)));
    }

    private static String run(ProcessRunner runner, List<String> command, String what) throws InterruptedException {
        return run(runner, Command.of(command), what);
    }

    private static String run(ProcessRunner runner, Command command, String what) throws InterruptedException {
        try {
            return runner.run(command).requireSuccess().stdout();
        } catch (ProcessFailedException e) {
            throw new InfrastructureException("could not " + what + ": " + e.getMessage(), e);
        }
    }
}
