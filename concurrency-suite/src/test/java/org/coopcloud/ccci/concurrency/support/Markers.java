package org.coopcloud.ccci.concurrency.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The progress file a helper appends to and a test polls: one line per step ({@code ACQUIRED
 * <millis>}, {@code READY}, {@code TEARDOWN_DONE}, ...). A file rather than a pipe so several
 * processes (a wrapper and its child) can write to one, and nothing blocks on a full pipe.
 */
public final class Markers {
    private final Path file;

    public Markers(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends one line (called in helpers). O_APPEND keeps lines of two writers whole. */
    public void mark(String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> lines() {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line starting with {@code token}, now. */
    public Optional<String> find(String token) {
        return lines().stream().filter(l -> l.equals(token) || l.startsWith(token + " ")).findFirst();
    }

    /** Polls for a line starting with {@code token}; empty when none came within {@code limit}. */
    public Optional<String> await(String token, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<String> line = find(token);
            if (line.isPresent() || System.nanoTime() > deadline) {
                return line;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** The value after the token ({@code CHILD 1234} -> 1234), failing when the line never came. */
    public long awaitNumber(String token, Duration limit) {
        String line = await(token, limit).orElseThrow(() -> new AssertionError(
                "helper never wrote " + token + "; it wrote: " + lines()));
        return Long.parseLong(line.substring(token.length()).trim().split(" ")[0]);
    }
}
