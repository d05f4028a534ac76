package org.coopcloud.ccci.harness.tiers;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.app.OpState;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.profile.DataSeed;
import org.coopcloud.ccci.harness.profile.RecipeProfile;

/**
 * The data the ladder seeds into the app, once per run: a random token through the recipe's
 * {@link DataSeed}, remembered in the op state so later rungs check the very same value.
 */
final class SeededData {
    private final DataSeed seed;
    private final OpState opState;

    private SeededData(DataSeed seed, OpState opState) {
        this.seed = seed;
        this.opState = opState;
    }

    static Optional<SeededData> of(RecipeProfile profile, OpState opState) {
        return profile.newDataSeed().map(seed -> new SeededData(seed, opState));
    }

    /**
     * The recipe's data seed, unless the run's settings leave it out for the generic volume markers
     * ({@code CCCI_DATA_CHECK=volume-markers}).
     */
    static Optional<SeededData> of(RecipeProfile profile, OpState opState, Settings settings) {
        return MarkerCheck.forcedOverSeed(settings) ? Optional.empty() : of(profile, opState);
    }

    /** Seeds a fresh token (again, after a redeploy on empty volumes). */
    String seed(RecipeApp app) throws Exception {
        String token = "ccci-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        seed.seed(app, token);
        opState.put(OpState.SEEDED, token);
        return token;
    }

    /** The seeded token, seeding it first when no rung has yet. */
    String ensureSeeded(RecipeApp app) throws Exception {
        Optional<String> token = opState.get(OpState.SEEDED);
        return token.isPresent() ? token.get() : seed(app);
    }

    void verify(RecipeApp app) throws Exception {
        String token = opState.get(OpState.SEEDED)
                .orElseThrow(() -> new IllegalStateException("no data was seeded in this run"));
        seed.verify(app, token);
    }

    void disturb(RecipeApp app) throws Exception {
        String token = opState.get(OpState.SEEDED)
                .orElseThrow(() -> new IllegalStateException("no data was seeded in this run"));
        seed.disturb(app, token);
    }
}
