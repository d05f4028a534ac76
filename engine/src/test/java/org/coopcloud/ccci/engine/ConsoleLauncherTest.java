package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.coopcloud.ccci.engine.testing.EngineRuns;
import org.coopcloud.ccci.engine.testing.Journal;
import org.coopcloud.ccci.engine.testing.Subprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The stock JUnit console launcher (the 6.1.x standalone jar), run as a subprocess as bin/ccci runs it. */
class ConsoleLauncherTest {
    private static final Path CONSOLE = Path.of("target", "console", "junit-platform-console-standalone.jar");

    @TempDir
    Path work;

    @Test
    void selectRecipeRunsTheWholeLadderAndWritesTheLegacyXml() throws Exception {
        Subprocess launch = launch(List.of());

        assertThat(launch.exitCode()).as(launch.output()).isZero();
        Element suite = legacyXml().getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("10");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(testcases()).hasSize(10).doesNotHaveDuplicates().contains("ccci.recipe.beta#set up and deploy",
                "ccci.recipe.beta#install/InstallTier.converged", "ccci.recipe.beta#upgrade/UpgradeTier.converged",
                "ccci.recipe.beta#custom/BetaCustomTier.betaWorks");
        assertThat(work.resolve("reports").resolve("open-test-report.xml")).exists();
        assertThat(JSON.std.mapFrom(Files.readString(work.resolve("runs").resolve("c1").resolve("results.json"))))
                .containsEntry("level", 4);
    }

    @Test
    void aSetupFailureIsAFailedTestInTheConsoleOutputAndTheLegacyXml() throws Exception {
        Subprocess launch = launch(List.of("-Dccci.test.fail=beforeRun:SecondProbe"));

        assertThat(launch.exitCode()).isEqualTo(1);
        assertThat(launch.output()).contains("set up and deploy").contains("SecondProbe failed on purpose")
                .contains("1 tests failed");
        Element suite = legacyXml().getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("10");
        // The legacy format calls a failure that is not an AssertionError an "error".
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("9");
        NodeList failures = suite.getElementsByTagName("error");
        assertThat(((Element) failures.item(0).getParentNode()).getAttribute("name")).isEqualTo("set up and deploy");
    }

    @Test
    void discoverPrintsThePlanAndAnUnknownPrefixIsRefused() throws Exception {
        Subprocess known = Subprocess.run(List.of(java(), "-jar", CONSOLE.toString(), "discover", "-cp", classpath(),
                "-e", "cc-ci", "--select", "recipe:beta", "--config", Constants.SCAN_PACKAGES + "=" + EngineRuns.FIXTURES),
                Path.of("."), 120);
        assertThat(known.exitCode()).as(known.output()).isZero();
        assertThat(known.output()).contains("recipe beta").contains("betaWorks");

        Subprocess unknown = Subprocess.run(List.of(java(), "-jar", CONSOLE.toString(), "discover", "-cp", classpath(),
                "-e", "cc-ci", "--select", "recipes:beta"), Path.of("."), 120);
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.output()).contains("No parser for prefix");
    }

    private Subprocess launch(List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", CONSOLE.toString(), "execute", "-cp", classpath(), "-e", "cc-ci",
                "--select", "recipe:beta", "--details", "tree", "--disable-banner",
                "--reports-dir", work.resolve("reports").toString(),
                "--config", "junit.platform.reporting.open.xml.enabled=true",
                "--config", Constants.SCAN_PACKAGES + "=" + EngineRuns.FIXTURES,
                "--config", Constants.RUNS_DIR + "=" + work.resolve("runs"),
                "--config", Constants.RUN_ID + "=c1"));
        return Subprocess.run(command, Path.of("."), 120);
    }

    private Document legacyXml() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(work.resolve("reports").resolve("TEST-cc-ci.xml").toFile());
    }

    private List<String> testcases() throws Exception {
        NodeList cases = legacyXml().getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            names.add(testcase.getAttribute("classname") + "#" + testcase.getAttribute("name"));
        }
        return names;
    }

    static String classpath() {
        return String.join(File.pathSeparator, Subprocess.locationOf(CcciTestEngine.class),
                Subprocess.locationOf(Journal.class), Subprocess.locationOf(JSON.class),
                Subprocess.locationOf(com.fasterxml.jackson.core.JsonFactory.class));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
