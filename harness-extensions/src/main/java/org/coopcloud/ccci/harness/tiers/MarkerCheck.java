package org.coopcloud.ccci.harness.tiers;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.RungUnverified;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.app.OpState;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.SwarmService;
import org.coopcloud.ccci.harness.markers.VolumeMarkers;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.profile.RecipeProfile;

/**
 * The generic data check, for recipes without a data seed: a marker with a value unique to the run
 * in each named volume of the stack ({@link VolumeMarkers}), placed once the app has converged (a
 * database's first initialisation refuses a non-empty directory), then read back exactly after the
 * upgrade, and after a restore that followed a change of the markers. The value and the volumes that
 * took it live in the op state, so the backup and restore rungs check the very same markers.
 *
 * <p>Every volume must take the marker, or the check is unverified naming the volume and why: a
 * marker never passes what it did not prove. The restore checks the marked volumes whose backup
 * holds the marker, as the recipe's backupbot labels say (a volume left out of the backup, or backed
 * up only in part, cannot bring a marker back; that is the recipe's choice, not a loss).
 */
final class MarkerCheck {
    static final String SOURCE = "volume-markers";
    /** {@code auto} (the suite's data seed where there is one, else volume markers) or {@code volume-markers}. */
    static final String DATA_CHECK_PARAMETER = "ccci.data.check";
    static final String DATA_CHECK_ENV = "CCCI_DATA_CHECK";
    private static final String VALUE = "volume_marker";
    private static final String VOLUMES = "volume_marker_volumes";
    private static final String REFUSED = "volume_marker_refused";

    private final TierContext tier;
    private final VolumeMarkers markers;
    private final OpState opState;

    private MarkerCheck(TierContext tier, VolumeMarkers markers, OpState opState) {
        this.tier = tier;
        this.markers = markers;
        this.opState = opState;
    }

    /**
     * The run's markers, or why there are none (the profile opts out). Whether they can be placed is
     * known only when they are.
     */
    static Optional<MarkerCheck> of(TierContext tier, RecipeProfile profile, RunPlatform platform, OpState opState) {
        if (!profile.volumeMarkers()) {
            return Optional.empty();
        }
        return Optional.of(new MarkerCheck(tier, VolumeMarkers.of(platform.docker(), tier.run().stack(),
                tier.run().settings()), opState));
    }

    static String optedOut() {
        return "the recipe turns volume markers off (volume_markers: false in its .cc-ci.yml, or volumeMarkers = false in"
                + " its Java profile)";
    }

    /**
     * Whether the suite's data seed is to be left out for markers: {@code ccci.data.check}
     * ({@code CCCI_DATA_CHECK}) {@code volume-markers} shows what the generic check proves of a recipe
     * that has a suite.
     *
     * @throws IllegalArgumentException naming the setting, for a value it does not know
     */
    static boolean forcedOverSeed(org.coopcloud.ccci.engine.api.Settings settings) {
        String value = settings.get(DATA_CHECK_PARAMETER, DATA_CHECK_ENV).orElse("auto").strip();
        return switch (value) {
            case "auto", "" -> false;
            case SOURCE -> true;
            default -> throw new IllegalArgumentException(DATA_CHECK_PARAMETER + " (env " + DATA_CHECK_ENV + "): '" + value
                    + "' is not one of auto, volume-markers");
        };
    }

    /**
     * Writes the run's marker into every named volume of the stack as it is now (again after a
     * fresh deploy: new volumes).
     *
     * @throws RungUnverified when the swarm, the stack or a volume cannot take markers, saying why
     */
    void place() throws InterruptedException, IOException {
        long began = System.nanoTime();
        Optional<String> unsupported = markers.unsupported();
        if (unsupported.isPresent()) {
            throw new RungUnverified("volume markers cannot be used: " + unsupported.get());
        }
        List<String> volumes = markers.volumes();
        if (volumes.isEmpty()) {
            throw new RungUnverified("the stack has no named volume to put a marker in, and the recipe declares no data"
                    + " seed (@Profile(dataSeed = ...)) and is not declared stateless");
        }
        String value = opState.get(VALUE).orElseGet(() -> "cc-ci volume marker of run " + tier.run().runId() + ": "
                + HexFormat.of().formatHex(new SecureRandom().generateSeed(8)) + "\n");
        opState.put(VALUE, value);
        Map<String, Optional<String>> outcome = markers.write(volumes, value);
        List<String> placed = outcome.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        opState.put(VOLUMES, String.join(",", placed));
        tier.run().events().emit("markers.placed", Map.of("volumes", String.join(",", placed), "ms", millisSince(began)));
        List<String> refused = outcome.entrySet().stream().filter(e -> e.getValue().isPresent())
                .map(e -> "volume " + e.getKey() + ": " + e.getValue().get()).toList();
        opState.put(REFUSED, String.join("; ", refused));
        refusal().ifPresent(why -> {
            throw new RungUnverified(why);
        });
    }

    /** Why the markers placed in this app cannot prove anything: a volume refused its marker. */
    private Optional<String> refusal() throws IOException {
        return opState.get(REFUSED).filter(r -> !r.isEmpty()).map(r -> "volume markers: " + r
                + " (a volume that cannot take the marker stays unchecked, and so does the data check; a recipe can opt out"
                + " with volume_markers: false in its .cc-ci.yml)");
    }

    /** {@link #place()} unless an earlier rung placed the markers in this app already. */
    void ensurePlaced() throws InterruptedException, IOException {
        if (opState.get(VOLUMES).filter(v -> !v.isEmpty()).isEmpty()) {
            place();
        }
    }

    /** The volumes holding the run's marker (placed by an earlier step of the run). */
    List<String> placed() throws IOException {
        return opState.get(VOLUMES).filter(v -> !v.isEmpty()).map(v -> Arrays.asList(v.split(","))).orElse(List.of());
    }

    /**
     * Every marker of these volumes reads exactly the run's value.
     *
     * @param when "after the upgrade", "after the restore": the failure's words
     */
    void verify(List<String> volumes, String when) throws InterruptedException, IOException {
        tier.recordDataCheck(SOURCE);
        long began = System.nanoTime();
        String value = opState.get(VALUE).orElseThrow(() -> new IllegalStateException("no volume marker was placed in this run"));
        List<String> lost = new ArrayList<>();
        Map<String, Optional<String>> found = markers.read(volumes);
        tier.run().events().emit("markers.checked", Map.of("volumes", String.join(",", volumes), "ms", millisSince(began)));
        found.forEach((volume, marker) -> {
            if (marker.isEmpty()) {
                lost.add("volume " + volume + " no longer holds " + VolumeMarkers.FILE + " (the volume was emptied, replaced or removed)");
            } else if (!marker.get().equals(value)) {
                lost.add("volume " + volume + "'s " + VolumeMarkers.FILE + " reads '" + marker.get().strip() + "', not the run's '"
                        + value.strip() + "'");
            }
        });
        if (!lost.isEmpty()) {
            throw new AssertionError("data lost " + when + ", by cc-ci's volume markers (written before, from outside the"
                    + " app): " + String.join("; ", lost));
        }
    }

    /** Changes the markers, so a restore has something to bring back. */
    void disturb(List<String> volumes) throws InterruptedException, IOException {
        long began = System.nanoTime();
        String value = opState.get(VALUE).orElseThrow(() -> new IllegalStateException("no volume marker was placed in this run"));
        Map<String, Optional<String>> outcome = markers.write(volumes, "changed before the restore: " + value);
        outcome.forEach((volume, problem) -> problem.ifPresent(why -> {
            throw new org.coopcloud.ccci.engine.api.InfrastructureException("cannot change the volume marker in " + volume
                    + " before the restore, though it took one before: " + why);
        }));
        tier.run().events().emit("markers.changed", Map.of("volumes", String.join(",", volumes), "ms", millisSince(began)));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /**
     * The marked volumes whose backup holds the marker, by the labels of the services that mount
     * them: a {@code backupbot.backup=true} service backs up each volume it mounts, unless
     * {@code backupbot.backup.volumes.<volume>=false}, whole unless
     * {@code backupbot.backup.volumes.<volume>.path} names only some paths.
     *
     * @throws RungUnverified when no marked volume's backup holds its marker, saying why for each
     */
    List<String> restorable(RecipeApp app, RunPlatform platform) throws InterruptedException, IOException {
        long began = System.nanoTime();
        Optional<String> refused = refusal();
        if (refused.isPresent()) {
            throw new RungUnverified(refused.get());
        }
        List<String> placed = placed();
        if (placed.isEmpty()) {
            throw new RungUnverified("no volume marker was placed before the backup (the events say why), and the recipe"
                    + " declares no data seed: the restore's data is unchecked");
        }
        Map<String, String> whyNot = new LinkedHashMap<>();
        placed.forEach(volume -> whyNot.put(volume, "no service labelled backupbot.backup=true mounts it"));
        List<String> covered = new ArrayList<>();
        String stack = app.stack();
        for (SwarmService service : app.services()) {
            if (!"true".equals(service.labels().get("backupbot.backup"))) {
                continue;
            }
            for (String volume : platform.docker().serviceVolumeMounts(service.name()).keySet()) {
                if (!placed.contains(volume)) {
                    continue;
                }
                String shortName = volume.startsWith(stack + "_") ? volume.substring(stack.length() + 1) : volume;
                String prefix = "backupbot.backup.volumes." + shortName;
                String path = service.labels().get(prefix + ".path");
                if ("false".equals(service.labels().get(prefix))) {
                    whyNot.put(volume, "the recipe leaves it out of backups (" + prefix + "=false)");
                } else if (path != null && Arrays.stream(path.split(",")).map(String::strip)
                        .noneMatch(p -> p.isEmpty() || p.equals(".") || p.equals("./") || p.equals(VolumeMarkers.FILE))) {
                    whyNot.put(volume, "its backup holds only " + path + " (" + prefix + ".path), not the marker");
                } else {
                    covered.add(volume);
                    whyNot.remove(volume);
                }
            }
        }
        if (covered.isEmpty()) {
            List<String> reasons = new ArrayList<>();
            whyNot.forEach((volume, why) -> reasons.add(volume + ": " + why));
            throw new RungUnverified("no volume marker can come back through a restore (" + String.join("; ", reasons)
                    + "), and the recipe declares no data seed: the restore's data is unchecked");
        }
        tier.run().events().emit("markers.restorable", Map.of("volumes", String.join(",", covered), "ms", millisSince(began)));
        return covered;
    }
}
