package org.coopcloud.ccci.harness.abra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessResult;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AbraCli#locate}: the configured path, the PATH, and what to do when neither has abra. */
class AbraCliLocateTest {
    @TempDir
    Path tmp;

    /** Settings with just CCCI_ABRA set (as the env var: the parameter is unset). */
    private static Settings abraAt(String value) {
        return new Settings() {
            @Override
            public Optional<String> get(String parameter, String envVar) {
                return AbraCli.EXECUTABLE_ENV.equals(envVar) ? Optional.of(value) : Optional.empty();
            }

            @Override
            public Optional<String> env(String envVar) {
                return get(null, envVar);
            }
        };
    }

    @Test
    void theConfiguredStandInIsUsed() {
        AbraCli abra = AbraCli.locate(abraAt(StandInWorkspace.STAND_IN.toString()), new ProcessRunner(), Duration.ofSeconds(5));
        assertThat(abra.executable()).isEqualTo(StandInWorkspace.STAND_IN.toString());
    }

    @Test
    void aMissingConfiguredFileSaysWhatToPointItAt() {
        String missing = tmp.resolve("no-such-abra").toString();
        assertThatThrownBy(() -> AbraCli.locate(abraAt(missing), new ProcessRunner(), Duration.ofSeconds(5)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("CCCI_ABRA=" + missing)
                .hasMessageContaining("is not an executable file")
                .hasMessageContaining("sandbox/abra");
    }

    @Test
    void aConfiguredFileThatIsNotExecutableIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("abra"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> AbraCli.locate(abraAt(file.toString()), new ProcessRunner(), Duration.ofSeconds(5)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("CCCI_ABRA=" + file)
                .hasMessageContaining("is not an executable file");
    }

    @Test
    void aConfiguredDirectoryIsRefused() throws Exception {
        // A directory is "executable" (searchable) too; running it fails later, far from the setting.
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        assertThatThrownBy(() -> AbraCli.locate(abraAt(dir.toString()), new ProcessRunner(), Duration.ofSeconds(5)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("CCCI_ABRA=" + dir)
                .hasMessageContaining("is not an executable file");
    }

    @Test
    void nothingOnThePathSaysToInstallAbraOrSetCcciAbra() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-bin"));
        ProcessResult result = probeWithPath(empty.toString());
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(3);
        assertThat(result.stdout().strip())
                .startsWith("error abra was not found on the PATH")
                .contains("install abra", "set CCCI_ABRA", "bin/ccci sandbox up", "CCCI_ABRA=<repo>/sandbox/abra");
    }

    @Test
    void abraOnThePathIsFoundAfterDirectoriesWithoutIt() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-bin"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path notExecutable = Files.createDirectories(tmp.resolve("not-exec"));
        Files.setPosixFilePermissions(Files.writeString(notExecutable.resolve("abra"), "#!/bin/sh\n"),
                PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(bin.resolve("abra"), StandInWorkspace.STAND_IN);
        Path abraIsADirectory = Files.createDirectories(tmp.resolve("dir-bin").resolve("abra")).getParent();
        ProcessResult result = probeWithPath(empty + "::" + notExecutable + ":" + abraIsADirectory + ":" + bin);
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("found " + bin.resolve("abra"));
    }

    /** Runs {@link LocateProbe} in a child JVM whose PATH is exactly {@code path}. */
    private static ProcessResult probeWithPath(String path) throws InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Command command = Command.of(java, "-cp", System.getProperty("java.class.path"), LocateProbe.class.getName())
                .withEnvironment(Map.of("PATH", path, "CCCI_ABRA", ""))
                .withTimeout(Duration.ofSeconds(60));
        return new ProcessRunner().run(command);
    }
}
