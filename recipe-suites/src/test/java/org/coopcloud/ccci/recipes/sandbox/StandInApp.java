package org.coopcloud.ccci.recipes.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.coopcloud.ccci.recipes.sandbox.Sandbox.Result;

/**
 * The app a stand-in test drives, and what it must clean up: a domain of its own under
 * {@code sandbox.test} (a random tail, so two runs or an earlier run's leftovers never collide),
 * the stack docker names after it, and a private ABRA_DIR ({@link Sandbox#newAbraDir}).
 * A test holds it in an {@code @AutoClose} field, calls {@link #open()} in its set-up, and
 * {@link #close()} then removes whatever of the stack is left and the ABRA_DIR, however the test
 * ended.
 */
final class StandInApp implements AutoCloseable {
    final String domain;
    final String stack;
    private final String name;
    private Path abraDir;

    /** {@code name} starts the domain ({@code name-1a2b3c.sandbox.test}) and the ABRA_DIR's name. */
    StandInApp(String name) {
        this.name = name;
        this.domain = name + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6)
                + ".sandbox.test";
        this.stack = domain.replace('.', '_');
    }

    /** Fails with the hint to bring the sandbox up when it is not, else makes the app's ABRA_DIR. */
    void open() throws IOException {
        Sandbox.requireSandboxUp();
        abraDir = Sandbox.newAbraDir("ccci-" + name + "-");
    }

    /** Runs the stand-in under test with this app's ABRA_DIR. */
    Result abra(String... args) {
        return Sandbox.abra(abraDir, args);
    }

    /** The app's {@code .env} in the ABRA_DIR (abra's {@code servers/<server>/<domain>.env}). */
    Path envFile() {
        return abraDir.resolve("servers/default/" + domain + ".env");
    }

    /** Where {@code app new} checks the recipe out. */
    Path recipeDir(String recipe) {
        return abraDir.resolve("recipes/" + recipe);
    }

    /** The stack's objects of one kind ({@code "service", "ls"}, {@code "ps", "-a"}, ...). */
    List<String> byStackLabel(String... listing) {
        return Sandbox.byStackLabel(stack, listing);
    }

    /**
     * What docker still lists of the stack, by kind ({@code service ls}, {@code ps -a},
     * {@code network ls}, {@code volume ls}, {@code config ls}): all lists empty when nothing is left.
     */
    Map<String, List<String>> leftovers() {
        Map<String, List<String>> left = new LinkedHashMap<>();
        for (String[] listing : List.of(new String[] {"service", "ls"}, new String[] {"ps", "-a"}, new String[] {"network", "ls"},
                new String[] {"volume", "ls"}, new String[] {"config", "ls"})) {
            left.put(String.join(" ", listing), byStackLabel(listing));
        }
        return left;
    }

    /** The stack's secrets (by name: external secrets carry no stack label). */
    List<String> secrets() {
        return Sandbox.secretsOf(stack);
    }

    /** Best effort, whatever the test did: the stack and all it can leave, then the ABRA_DIR. */
    @Override
    public void close() {
        if (abraDir == null) {
            return; // set-up failed before anything was created (docker not answering)
        }
        try {
            Sandbox.removeStackRemains(stack);
        } finally {
            Sandbox.deleteTree(abraDir);
        }
    }
}
