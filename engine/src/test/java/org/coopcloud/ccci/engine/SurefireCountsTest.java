package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopcloud.ccci.engine.testing.Journal;
import org.coopcloud.ccci.engine.testing.Subprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Maven Surefire counts for a recipe run: a throwaway Maven project runs the engine under the
 * real Surefire plugin (offline, from the local repository this build already filled).
 */
class SurefireCountsTest {
    @TempDir
    Path project;

    @Test
    void aSetupFailureIsAFailingTestAndAFailingBuildNeverTestsRunZero() throws Exception {
        Subprocess build = mavenTest("beforeRun:SecondProbe");

        assertThat(build.exitCode()).as(build.output()).isNotZero();
        assertThat(build.output()).contains("BUILD FAILURE")
                // Surefire counts each skipped tier container once: the setup step plus five tiers.
                .contains("Tests run: 6, Failures: 0, Errors: 1, Skipped: 5")
                .doesNotContain("Tests run: 0,");
    }

    @Test
    void aGreenRunCountsEveryCheckAndTheSetupStep() throws Exception {
        Subprocess build = mavenTest("none");

        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(build.output()).contains("Tests run: 10, Failures: 0, Errors: 0, Skipped: 0").contains("BUILD SUCCESS");
    }

    private Subprocess mavenTest(String failurePoint) throws IOException, InterruptedException {
        String pom;
        try (InputStream template = getClass().getResourceAsStream("/surefire-probe/pom.xml.template")) {
            pom = new String(template.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        pom = pom.replace("@JUNIT@", org.junit.platform.engine.TestEngine.class.getPackage().getImplementationVersion())
                .replace("@JACKSON@", com.fasterxml.jackson.jr.ob.JSON.class.getPackage().getImplementationVersion())
                .replace("@ENGINE_CLASSES@", Subprocess.locationOf(CcciTestEngine.class))
                .replace("@FIXTURE_CLASSES@", Subprocess.locationOf(Journal.class))
                .replace("@FAIL@", failurePoint)
                .replace("@RUNS@", project.resolve("runs").toString());
        Files.writeString(project.resolve("pom.xml"), pom);
        Path source = project.resolve("src/test/java/probe/PlaceholderTest.java");
        Files.createDirectories(source.getParent());
        try (InputStream placeholder = getClass().getResourceAsStream("/surefire-probe/src/test/java/probe/PlaceholderTest.java.txt")) {
            Files.write(source, placeholder.readAllBytes());
        }
        return Subprocess.run(List.of("mvn", "-o", "-B", "test"), project, 300);
    }
}
