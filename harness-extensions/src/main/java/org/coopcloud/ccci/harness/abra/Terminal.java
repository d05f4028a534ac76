package org.coopcloud.ccci.harness.abra;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Gives a command a pseudo-terminal through util-linux {@code script}: abra's backup, restore and
 * lint only run on a terminal. {@code -e} returns the command's own exit status; the transcript
 * goes to /dev/null while the output still reaches our pipes.
 */
final class Terminal {
    private Terminal() {
    }

    static List<String> wrap(List<String> command) {
        String line = command.stream().map(Terminal::quote).collect(Collectors.joining(" "));
        return List.of("script", "--quiet", "--return", "--command", line, "/dev/null");
    }

    /** Single-quotes a word for sh, so no argument is ever re-split or expanded. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
