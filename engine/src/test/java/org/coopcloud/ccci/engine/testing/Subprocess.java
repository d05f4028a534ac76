package org.coopcloud.ccci.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and keeps its combined output, for tests that launch real tools. */
public record Subprocess(int exitCode, String output) {
    public static Subprocess run(List<String> command, Path workingDirectory, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .start();
        byte[] output;
        try {
            output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
            }
        } finally {
            process.destroyForcibly();
        }
        return new Subprocess(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Where a class was loaded from: a jar or a classes directory, for building a child's classpath. */
    public static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
