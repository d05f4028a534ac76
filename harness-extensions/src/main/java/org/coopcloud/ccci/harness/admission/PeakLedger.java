package org.coopcloud.ccci.harness.admission;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The peak memory of a recipe's recent runs on this host, newest last, in
 * {@code <admission dir>/peaks/<recipe>.json}: what the next run of the recipe estimates its need
 * from. Kept beside the queue (not read from results files) so an estimate is one small read. A
 * lost update when two runs of one recipe end at the same instant loses one sample of ten, which an
 * estimate can afford; a file that cannot be read is started afresh, never an error of the run.
 */
final class PeakLedger {
    static final int KEPT = 10;
    /** How many of the newest peaks the estimate looks at. */
    static final int CONSIDERED = 5;

    private final Path directory;

    PeakLedger(Path directory) {
        this.directory = directory;
    }

    List<Long> peaks(String recipe) {
        Path file = directory.resolve(recipe + ".json");
        try {
            Map<String, Object> map = JSON.std.mapFrom(Files.readString(file));
            List<Long> peaks = new ArrayList<>();
            if (map.get("peaks") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Number n && n.longValue() > 0) {
                        peaks.add(n.longValue());
                    }
                }
            }
            return peaks;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The largest of the recipe's newest peaks, when it has any. */
    OptionalLong recentMax(String recipe) {
        List<Long> peaks = peaks(recipe);
        return peaks.subList(Math.max(0, peaks.size() - CONSIDERED), peaks.size()).stream().mapToLong(Long::longValue).max();
    }

    void record(String recipe, long peakBytes) throws IOException {
        Files.createDirectories(directory);
        List<Long> peaks = new ArrayList<>(peaks(recipe));
        peaks.add(peakBytes);
        List<Long> kept = peaks.subList(Math.max(0, peaks.size() - KEPT), peaks.size());
        Path file = directory.resolve(recipe + ".json");
        Path temp = directory.resolve("." + recipe + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(temp, JSON.std.asString(Map.of("recipe", recipe, "peaks", kept)) + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
