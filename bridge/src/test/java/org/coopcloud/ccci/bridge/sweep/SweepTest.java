package org.coopcloud.ccci.bridge.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.bridge.config.SweepConfig;
import org.coopcloud.ccci.bridge.doubles.DroneDouble;
import org.coopcloud.ccci.bridge.drone.DroneClient;
import org.coopcloud.ccci.bridge.http.ApiClient;
import org.coopcloud.ccci.bridge.http.RetryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly sweep against the Drone double (built from Drone's documented API) and real git
 * repositories: one build per recipe, none again the same night, bounded, and each skip said.
 */
class SweepTest {
    private static final String TOKEN = "drone-token-for-tests";
    @TempDir
    Path dir;
    private DroneDouble drone;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        drone = new DroneDouble(TOKEN, "coop/cc-ci");
    }

    @AfterEach
    void stop() {
        drone.close();
    }

    @Test
    void oneBuildPerRecipeThenNoneAgainTheSameNight() throws Exception {
        Path web = repo("web", "1.0.0+1", "1.1.0+2");
        Path pub = repo("pub");
        Path catalogue = catalogue(Map.of("web", web, "pub", pub));
        String webHead = git(web, "rev-parse", "main");

        Sweep.Outcome first = sweep(config(catalogue, false, 50), Clock.systemUTC());
        assertThat(first.asked()).isEqualTo(2);
        assertThat(drone.builds()).hasSize(2);
        assertThat(drone.params(2)).containsEntry("RECIPE", "web").containsEntry("REF", webHead)
                .containsEntry("CCCI_TRIGGER", "scheduled").containsEntry("CCCI_COMMIT", webHead).doesNotContainKeys("PR", "SRC");
        assertThat(drone.params(1)).containsEntry("RECIPE", "pub");

        Sweep.Outcome second = sweep(config(catalogue, false, 50), Clock.systemUTC());
        assertThat(second.asked()).isZero();
        assertThat(second.alreadyAsked()).isEqualTo(2);
        assertThat(drone.builds()).as("a second sweep asks for nothing").hasSize(2);
        assertThat(output()).contains("sweep: skip web", "build #2 (pending) was asked within the last 20 h");
    }

    @Test
    void releasesAreAskedAtTheNewestTagsCommitAndANewCommitOrAPlatformErrorIsAskedAgain() throws Exception {
        Path web = repo("web", "1.0.0+1", "1.10.0+2", "1.9.0+3");
        Path catalogue = catalogue(Map.of("web", web));
        Sweep.Outcome first = sweep(config(catalogue, true, 50), Clock.systemUTC());
        assertThat(first.asked()).isEqualTo(2);
        assertThat(drone.params(2)).containsEntry("REF", "1.10.0+2").containsEntry("CCCI_COMMIT", git(web, "rev-parse", "1.10.0+2^{commit}"));

        drone.finish(1, "error"); // the main build ended by the platform: not done
        drone.finish(2, "failure"); // the release's verdict: done for tonight
        Sweep.Outcome second = sweep(config(catalogue, true, 50), Clock.systemUTC());
        assertThat(second.asked()).isEqualTo(1);
        assertThat(drone.params(3)).containsEntry("REF", git(web, "rev-parse", "main"));

        commit(web, "second");
        Sweep.Outcome third = sweep(config(catalogue, true, 50), Clock.systemUTC());
        assertThat(third.asked()).as("the new commit of main").isEqualTo(1);
        assertThat(drone.params(4)).containsEntry("REF", git(web, "rev-parse", "main"));

        Clock tomorrow = Clock.fixed(Instant.now().plus(Duration.ofHours(21)), ZoneOffset.UTC);
        assertThat(sweep(config(catalogue, true, 50), tomorrow).asked()).as("the next night asks again").isEqualTo(2);
    }

    @Test
    void aSweepIsBoundedAndSaysWhatItLeftAndWhy() throws Exception {
        Path catalogue = catalogue(Map.of("a", repo("a"), "b", repo("b"), "c", repo("c")));
        Sweep.Outcome outcome = sweep(config(catalogue, false, 2), Clock.systemUTC());
        assertThat(outcome.asked()).isEqualTo(2);
        assertThat(outcome.overLimit()).isEqualTo(1);
        assertThat(drone.builds()).hasSize(2);
        assertThat(output()).contains("sweep: skip c", "over this sweep's limit of 2 builds", "sweep: asked 2, already asked 0, over the limit 1, failed 0");
    }

    @Test
    void anUnreadableRepositoryFailsTheSweepButNotTheOtherRecipes() throws Exception {
        Path catalogue = catalogue(Map.of("gone", dir.resolve("no-such-repo.git"), "ok", repo("ok")));
        Sweep.Outcome outcome = sweep(config(catalogue, false, 50), Clock.systemUTC());
        assertThat(outcome.asked()).isEqualTo(1);
        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(output()).contains("sweep: FAIL gone: cannot read its repository");
    }

    @Test
    void theSandboxsCatalogueGetsOneBuildPerRecipeAndASecondSweepNone() throws Exception {
        String home = System.getenv().getOrDefault("CCCI_ABRA_HOME", Path.of(System.getProperty("user.home"), ".abra").toString());
        Path catalogue = Path.of(home, "catalogue", "recipes.json");
        assertThat(catalogue).as("the sandbox's catalogue: run `bin/ccci sandbox up` first").isRegularFile();
        int recipes = Catalogue.read(catalogue).recipes().size();
        assertThat(recipes).isPositive();
        assertThat(sweep(config(catalogue, false, 500), Clock.systemUTC()).asked()).isEqualTo(recipes);
        assertThat(drone.builds()).hasSize(recipes);
        assertThat(drone.builds()).extracting(b -> ((Map<?, ?>) b.get("params")).get("RECIPE")).doesNotHaveDuplicates();
        assertThat(sweep(config(catalogue, false, 500), Clock.systemUTC()).asked()).isZero();
        assertThat(drone.builds()).hasSize(recipes);
    }

    @Test
    void badUsageAndConfigurationExit2BeforeAnythingIsAsked() throws Exception {
        assertThat(SweepMain.run(new String[] {"--max", "0", "--config", "x"})).isEqualTo(2);
        assertThat(SweepMain.run(new String[] {"--frobnicate"})).isEqualTo(2);
        Path config = dir.resolve("sweep.properties");
        Files.writeString(config, "drone.url=" + drone.url() + "\ndrone.repo=coop/cc-ci\ndrone.token=secret\n");
        assertThat(SweepMain.run(new String[] {"--config", config.toString()})).isEqualTo(2);
        assertThat(drone.builds()).isEmpty();
    }

    private Sweep.Outcome sweep(SweepConfig config, Clock clock) throws Exception {
        DroneClient client = new DroneClient(config.drone().url(), config.drone().repo(), config.drone().branch(),
                new ApiClient("drone", new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5)),
                        "Authorization", () -> "Bearer " + config.drone().token().reveal()));
        return new Sweep(config, client, RecipeHeads::read, clock, new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(Catalogue.read(config.catalogue()), false);
    }

    private SweepConfig config(Path catalogue, boolean releases, int max) throws Exception {
        Properties p = new Properties();
        p.setProperty("drone.url", drone.url().toString());
        p.setProperty("drone.repo", "coop/cc-ci");
        p.setProperty("drone.token.env", "SWEEP_TEST_DRONE_TOKEN");
        p.setProperty("catalogue", catalogue.toString());
        p.setProperty("releases", String.valueOf(releases));
        p.setProperty("max", String.valueOf(max));
        return SweepConfig.parse(p, Map.of("SWEEP_TEST_DRONE_TOKEN", TOKEN));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private Path catalogue(Map<String, Path> repos) throws IOException {
        StringBuilder json = new StringBuilder("{");
        repos.forEach((name, repo) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":{\"name\":\"").append(name).append("\",\"repository\":\"").append(repo)
                .append("\",\"default_branch\":\"main\",\"versions\":[]}"));
        Path file = dir.resolve("recipes-" + System.nanoTime() + ".json");
        Files.writeString(file, json.append('}').toString());
        return file;
    }

    /** A recipe repository with one commit on main and the given tags (annotated, on successive commits). */
    private Path repo(String name, String... tags) throws Exception {
        Path repo = Files.createDirectories(dir.resolve(name));
        git(repo, "init", "-q", "-b", "main");
        commit(repo, "first");
        for (String tag : tags) {
            commit(repo, tag);
            git(repo, "tag", "-a", "-m", "release " + tag, tag);
        }
        return repo;
    }

    private void commit(Path repo, String message) throws Exception {
        Files.writeString(repo.resolve("compose.yml"), "# " + message + "\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-q", "-m", message);
    }

    private static String git(Path repo, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(command + ": " + out).isZero();
        return out;
    }
}
