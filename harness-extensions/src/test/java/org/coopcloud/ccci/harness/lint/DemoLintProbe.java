package org.coopcloud.ccci.harness.lint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoLintProbe {
    @Test
    void probe() throws Exception {
        try (var dirs = Files.list(Path.of("../recipe-suites/src/main/recipes"))) {
            for (Path dir : dirs.sorted().toList()) {
                LintReport r = RecipeLint.lint(dir, new RecipeLint.Facts(Optional.empty(), Optional.empty()));
                System.out.println("PROBE " + dir.getFileName() + ": " + r.summary() + " in " + r.millis() + " ms");
                r.lines().forEach(l -> System.out.println("PROBE    " + l));
            }
        }
    }
}
