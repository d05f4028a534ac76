package org.coopcloud.ccci.bridge.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.engine.api.VersionOrder;

/**
 * What a recipe's repository holds now, from one {@code git ls-remote}: its default branch's commit
 * and its newest release tag with the commit the tag points at (an annotated tag peeled). Nothing is
 * cloned. Git never prompts (a private repository fails instead of hanging).
 */
public final class RecipeHeads {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The commits a repository offers: the branch's head, and the newest release when there is one. */
    public record Heads(String branchCommit, Optional<String> newestRelease, Optional<String> releaseCommit) {
    }

    private RecipeHeads() {
    }

    public static Heads read(String repository, String branch) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "ls-remote", "--", repository)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(false)
                .start();
        git.getOutputStream().close();
        // ls-remote of a recipe repository prints a few KB: reading stdout to the end before waiting cannot block.
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(git.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!git.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            git.destroyForcibly();
            throw new IOException("git ls-remote " + repository + " did not answer within " + TIMEOUT.toSeconds() + " s");
        }
        if (git.exitValue() != 0) {
            throw new IOException("git ls-remote " + repository + " failed: " + err.strip().lines().reduce((a, b) -> b).orElse("exit " + git.exitValue()));
        }
        return parse(out, branch).orElseThrow(() -> new IOException(repository + " has no branch " + branch));
    }

    /** The heads in {@code git ls-remote} output; empty when the branch is not there. */
    static Optional<Heads> parse(String lsRemote, String branch) {
        Map<String, String> refs = new HashMap<>();
        lsRemote.lines().map(l -> l.split("\t", 2)).filter(p -> p.length == 2).forEach(p -> refs.put(p[1].strip(), p[0].strip()));
        String head = refs.get("refs/heads/" + branch);
        if (head == null) {
            return Optional.empty();
        }
        List<String> tags = VersionOrder.versionTags(String.join("\n", refs.keySet().stream()
                .filter(r -> r.startsWith("refs/tags/") && !r.endsWith("^{}")).map(r -> r.substring("refs/tags/".length())).toList()));
        if (tags.isEmpty()) {
            return Optional.of(new Heads(head, Optional.empty(), Optional.empty()));
        }
        String newest = tags.get(tags.size() - 1);
        String commit = refs.getOrDefault("refs/tags/" + newest + "^{}", refs.get("refs/tags/" + newest));
        return Optional.of(new Heads(head, Optional.of(newest), Optional.of(commit)));
    }
}
