package org.coopcloud.ccci.dashboard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the browser tests' pictures go: target/screenshots, and with
 * {@code -Dccci.docs.screenshots=<dir>} there too (docs/img, for docs/dashboard.md).
 */
public final class DocsPictures {
    private DocsPictures() {
    }

    public static void keep(String name, byte[] png) throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(Path.of("target", "screenshots")));
        Optional.ofNullable(System.getProperty("ccci.docs.screenshots")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(dirs::add);
        for (Path dir : dirs) {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".tmp"), png);
            Files.move(dir.resolve(name + ".tmp"), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
