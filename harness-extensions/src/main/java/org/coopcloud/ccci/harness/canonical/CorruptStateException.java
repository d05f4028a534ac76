package org.coopcloud.ccci.harness.canonical;

import java.nio.file.Path;
import org.coopcloud.ccci.engine.api.InfrastructureException;

/**
 * A canonical state file that cannot be read as what it should hold (empty after a host crash,
 * half-written, a field missing): the host's fault, never a recipe's. Names the file, so an
 * operator finds it, and what to do.
 */
public final class CorruptStateException extends InfrastructureException {
    private final Path file;

    public CorruptStateException(Path file, String problem, String remedy, Throwable cause) {
        super("corrupt canonical app state in " + file + ": " + problem + "; " + remedy, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
