package org.coopcloud.ccci.harness.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The docker objects a test makes on the real daemon (through the docker CLI), and their removal
 * after it: each {@link #make} command is given the command that removes what it made, and
 * {@link #removeAll} runs those last-made first, whatever failed in between.
 */
final class DockerObjects {
    private final List<List<String>> removals = new ArrayList<>();

    /** Runs {@code docker <args>} (it must succeed) and remembers {@code docker <removal>} for {@link #removeAll}. */
    void make(List<String> removal, String... args) throws Exception {
        removals.add(0, removal); // a failed make may still have made something
        docker(args);
    }

    void removeAll() throws Exception {
        for (List<String> args : removals) {
            List<String> command = new ArrayList<>(List.of("docker"));
            command.addAll(args);
            new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
        }
        removals.clear();
    }

    static void docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed (is the sandbox up? bin/ccci sandbox up): "
                    + output);
        }
    }
}
