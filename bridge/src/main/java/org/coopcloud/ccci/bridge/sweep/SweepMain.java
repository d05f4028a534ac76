package org.coopcloud.ccci.bridge.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.coopcloud.ccci.bridge.config.ConfigException;
import org.coopcloud.ccci.bridge.config.SweepConfig;
import org.coopcloud.ccci.bridge.drone.DroneClient;
import org.coopcloud.ccci.bridge.http.ApiClient;
import org.coopcloud.ccci.bridge.http.RetryPolicy;

/**
 * {@code bin/ccci sweep --config FILE [--dry-run] [--releases] [--max N] [--recipe NAME]...}: asks
 * Drone for one build per catalogue recipe (docs/operations.md, "The nightly sweep"). Exit 0 when
 * everything it meant to ask was asked or already asked; 1 when a recipe could not be read or a
 * build could not be asked for; 2 for bad usage or configuration, before anything is contacted.
 */
public final class SweepMain {
    private static final String USAGE = "usage: bin/ccci sweep --config FILE [--dry-run] [--releases] [--max N] [--recipe NAME]...";

    private SweepMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws InterruptedException {
        Path configFile = null;
        boolean dryRun = false;
        boolean releases = false;
        Integer max = null;
        List<String> recipes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--dry-run" -> dryRun = true;
                case "--releases" -> releases = true;
                case "--config", "--max", "--recipe" -> {
                    if (i + 1 >= args.length) {
                        return usage(a + " needs a value");
                    }
                    String v = args[++i];
                    if (a.equals("--config")) {
                        configFile = Path.of(v);
                    } else if (a.equals("--recipe")) {
                        recipes.add(v);
                    } else {
                        try {
                            max = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            return usage("--max: '" + v + "' is not a whole number");
                        }
                        if (max < 1) {
                            return usage("--max: must be at least 1");
                        }
                    }
                }
                default -> {
                    return usage("unknown argument '" + a + "'");
                }
            }
        }
        if (configFile == null) {
            return usage("--config FILE is required");
        }
        SweepConfig config;
        Catalogue catalogue;
        try {
            config = SweepConfig.load(configFile, System.getenv());
        } catch (ConfigException e) {
            System.err.println("ccci sweep: " + e.getMessage());
            return 2;
        }
        if (max != null) {
            config = config.withMax(max);
        }
        if (releases) {
            config = config.withReleases(true);
        }
        if (!recipes.isEmpty()) {
            config = config.withRecipes(recipes);
        }
        try {
            catalogue = Catalogue.read(config.catalogue());
        } catch (IOException e) {
            System.err.println("ccci sweep: catalogue: " + e.getMessage());
            return 2;
        }
        SweepConfig c = config;
        DroneClient drone = new DroneClient(c.drone().url(), c.drone().repo(), c.drone().branch(),
                new ApiClient("drone", RetryPolicy.production(c.httpAttempts(), c.httpTimeout()), "Authorization",
                        () -> "Bearer " + c.drone().token().reveal()));
        return new Sweep(config, drone, RecipeHeads::read, Clock.systemUTC(), System.out).run(catalogue, dryRun).exitStatus();
    }

    private static int usage(String problem) {
        System.err.println("ccci sweep: " + problem);
        System.err.println(USAGE);
        return 2;
    }
}
