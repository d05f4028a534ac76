package org.coopcloud.ccci.harness.abra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessResult;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Terminal}: the words reach the program unchanged when run for real through util-linux {@code script}. */
class TerminalTest {
    @TempDir
    Path tmp;

    @Test
    void quoteSingleQuotesAndEscapesEmbeddedSingleQuotes() {
        assertThat(Terminal.quote("plain")).isEqualTo("'plain'");
        assertThat(Terminal.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(Terminal.quote("")).isEqualTo("''");
    }

    @Test
    void wrapRunsTheCommandUnderScriptWithItsOwnExitStatus() {
        List<String> wrapped = Terminal.wrap(List.of("abra", "app", "backup", "create", "x.test"));
        assertThat(wrapped).containsExactly("script", "--quiet", "--return", "--command",
                "'abra' 'app' 'backup' 'create' 'x.test'", "/dev/null");
    }

    @Test
    void everyWordSurvivesTheShellOfScriptUnexpanded() throws Exception {
        Path marker1 = tmp.resolve("dollar-paren-ran");
        Path marker2 = tmp.resolve("backtick-ran");
        List<String> words = List.of("plain", "two words", "  leading and trailing  ", "it's", "'", "''",
                "\"double\"", "$(touch " + marker1 + ")", "`touch " + marker2 + "`", "$HOME", "${PATH}",
                "back\\slash", "*", "?", "a;b|c&d", "<in >out", "#not a comment", "~", "");
        List<String> command = new ArrayList<>(List.of("printf", "<%s>\\n"));
        command.addAll(words);

        ProcessResult result = new ProcessRunner().run(Command.of(Terminal.wrap(command)).inDirectory(tmp));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> printed = result.stdout().lines().map(l -> l.replace("\r", "")).toList();
        assertThat(printed).containsExactlyElementsOf(words.stream().map(w -> "<" + w + ">").toList());
        assertThat(marker1).as("$(...) must not run").doesNotExist();
        assertThat(marker2).as("backticks must not run").doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files).as("no redirection may have created a file").isEmpty();
        }
    }

    @Test
    void theWrappedCommandsExitStatusComesBack() throws Exception {
        ProcessResult result = new ProcessRunner().run(Command.of(Terminal.wrap(List.of("sh", "-c", "exit 7"))));
        assertThat(result.exitCode()).isEqualTo(7);
    }

    @Test
    void theWrappedCommandHasATerminal() throws Exception {
        ProcessResult result = new ProcessRunner().run(Command.of(Terminal.wrap(
                List.of("sh", "-c", "if [ -t 0 ] && [ -t 1 ]; then echo tty; else echo no-tty; fi"))));
        assertThat(result.stdout().strip()).isEqualTo("tty");
    }
}
