package org.coopcloud.ccci.harness.canonical;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.coopcloud.ccci.harness.abra.AbraCli;

/**
 * An ABRA_DIR of its own for work on a canonical app: {@code servers/} and {@code catalogue/} link
 * to the host's abra home (the app's .env stays where every tool finds it), {@code recipes/} is
 * fresh. A canonical app is redeployed at its release, and abra checks the release out in the
 * recipe's checkout: done in a run's own checkout, that would move the tree the run is testing
 * (its PR head) to the release. Removed on close; the links are removed, never followed.
 */
final class PrivateAbraDir implements AutoCloseable {
    private final Path dir;

    private PrivateAbraDir(Path dir) {
        this.dir = dir;
    }

    static PrivateAbraDir create(Path abraHome) throws IOException {
        Path dir = Files.createTempDirectory("ccci-canonical-abra-");
        Files.createDirectories(abraHome.resolve("servers").resolve(AbraCli.SERVER));
        Files.createSymbolicLink(dir.resolve("servers"), abraHome.resolve("servers"));
        if (Files.exists(abraHome.resolve("catalogue"))) {
            Files.createSymbolicLink(dir.resolve("catalogue"), abraHome.resolve("catalogue"));
        }
        Files.createDirectories(dir.resolve("recipes"));
        return new PrivateAbraDir(dir);
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        paths.sort(Comparator.reverseOrder());
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
