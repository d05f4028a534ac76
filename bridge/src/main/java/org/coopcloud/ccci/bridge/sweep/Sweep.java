package org.coopcloud.ccci.bridge.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.bridge.config.SweepConfig;
import org.coopcloud.ccci.bridge.drone.DroneBuild;
import org.coopcloud.ccci.bridge.drone.DroneClient;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.engine.config.RunInputs;

/**
 * One sweep of the catalogue: for each recipe, a Drone build of its default branch's commit (and,
 * with {@code releases}, of its newest release), with the parameters a {@code !testme} build gets
 * and {@code CCCI_TRIGGER=scheduled}. Drone places the builds on its runners; cc-ci only chooses
 * what to ask for. Idempotent: a build of the same recipe, ref and commit asked for within the
 * window and not ended by an error of the platform (pending, running, success or failure) means
 * nothing is asked again. Bounded: at most {@code max} builds a sweep. Every recipe gets one line
 * saying what was asked, or why not.
 */
public final class Sweep {
    /** The parameter the sweep marks its builds with, and the commit each build is for. */
    public static final String TRIGGER_PARAM = "CCCI_TRIGGER";
    public static final String COMMIT_PARAM = "CCCI_COMMIT";
    public static final String SCHEDULED = "scheduled";
    /** A build in one of these states covers its commit for the night; killed, error and the like are asked again. */
    static final Set<String> COVERING = Set.of("pending", "running", "success", "failure");

    /** One build the sweep would ask for: the recipe at a ref (the branch's commit, or a release tag) and its commit. */
    record Candidate(String recipe, String kind, String ref, String commit) {
        Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("RECIPE", recipe);
            params.put("REF", ref);
            params.put(TRIGGER_PARAM, SCHEDULED);
            params.put(COMMIT_PARAM, commit);
            return params;
        }

        String describe() {
            return String.format("%-20s %-8s %s", recipe, kind, kind.equals("release") ? ref + " (" + shortSha(commit) + ")" : shortSha(commit));
        }
    }

    /** How the sweep ended: what it asked for, what it skipped, and what failed. */
    public record Outcome(int asked, int alreadyAsked, int overLimit, int failed) {
        public int exitStatus() {
            return failed == 0 ? 0 : 1;
        }
    }

    /** Reads a recipe repository's heads; {@link RecipeHeads#read} outside tests. */
    public interface HeadsReader {
        RecipeHeads.Heads read(String repository, String branch) throws IOException, InterruptedException;
    }

    private final SweepConfig config;
    private final DroneClient drone;
    private final HeadsReader heads;
    private final Clock clock;
    private final PrintStream out;

    public Sweep(SweepConfig config, DroneClient drone, HeadsReader heads, Clock clock, PrintStream out) {
        this.config = config;
        this.drone = drone;
        this.heads = heads;
        this.clock = clock;
        this.out = out;
    }

    public Outcome run(Catalogue catalogue, boolean dryRun) throws InterruptedException {
        int failed = 0;
        List<Candidate> candidates = new ArrayList<>();
        for (Catalogue.Entry recipe : catalogue.recipes()) {
            if (!config.recipes().isEmpty() && !config.recipes().contains(recipe.name())) {
                continue;
            }
            Optional<String> badName = RunInputs.recipeProblem(recipe.name());
            if (badName.isPresent()) {
                out.println("sweep: skip " + recipe.name() + ": not a recipe name cc-ci runs (" + badName.get() + ")");
                failed++;
                continue;
            }
            try {
                RecipeHeads.Heads h = heads.read(recipe.repository(), recipe.defaultBranch());
                candidates.add(new Candidate(recipe.name(), "main", h.branchCommit(), h.branchCommit()));
                if (config.releases()) {
                    if (h.newestRelease().isPresent()) {
                        candidates.add(new Candidate(recipe.name(), "release", h.newestRelease().get(), h.releaseCommit().orElseThrow()));
                    } else {
                        out.println("sweep: skip " + String.format("%-20s %-8s", recipe.name(), "release") + " no release tag yet");
                    }
                }
            } catch (IOException e) {
                out.println("sweep: FAIL " + recipe.name() + ": cannot read its repository: " + e.getMessage());
                failed++;
            }
        }
        for (String wanted : config.recipes()) {
            if (catalogue.recipes().stream().noneMatch(r -> r.name().equals(wanted))) {
                out.println("sweep: FAIL " + wanted + ": not in the catalogue " + config.catalogue());
                failed++;
            }
        }
        List<DroneBuild> recent;
        long since = clock.instant().minus(config.window()).getEpochSecond();
        try {
            recent = drone.buildsSince(since).stream().filter(b -> SCHEDULED.equals(b.params().get(TRIGGER_PARAM))).toList();
        } catch (ApiException e) {
            out.println("sweep: FAIL cannot list Drone's builds, so nothing is asked (it could ask twice): " + e.getMessage());
            return new Outcome(0, 0, 0, failed + 1);
        }
        int asked = 0;
        int already = 0;
        int over = 0;
        for (Candidate c : candidates) {
            Optional<DroneBuild> covering = recent.stream()
                    .filter(b -> c.recipe().equals(b.params().get("RECIPE")) && c.ref().equals(b.params().get("REF"))
                            && c.commit().equals(b.params().get(COMMIT_PARAM)) && COVERING.contains(b.status()))
                    .findFirst();
            if (covering.isPresent()) {
                out.println("sweep: skip " + c.describe() + ": build #" + covering.get().number() + " (" + covering.get().status()
                        + ") was asked within the last " + config.window().toHours() + " h");
                already++;
                continue;
            }
            if (asked >= config.max()) {
                out.println("sweep: skip " + c.describe() + ": over this sweep's limit of " + config.max() + " builds");
                over++;
                continue;
            }
            if (dryRun) {
                out.println("sweep: would ask " + c.describe());
                asked++;
                continue;
            }
            try {
                DroneBuild build = drone.trigger(c.params());
                out.println("sweep: asked " + c.describe() + ": build #" + build.number() + " " + drone.buildLink(build.number()));
                asked++;
            } catch (ApiException e) {
                out.println("sweep: FAIL " + c.describe() + ": Drone refused the build: " + e.getMessage());
                failed++;
            }
        }
        out.println("sweep: " + (dryRun ? "would ask " : "asked ") + asked + ", already asked " + already + ", over the limit " + over
                + ", failed " + failed);
        return new Outcome(asked, already, over, failed);
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
