package org.coopcloud.ccci.harness.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One child process to run: its arguments, the environment it adds to the runner's, where it runs,
 * how long it may take, and what it reads on stdin. Build with {@link #of} and the {@code with}
 * methods; instances are immutable.
 */
public record Command(List<String> arguments, Map<String, String> environment, Optional<Path> workingDirectory,
        Duration timeout, Optional<byte[]> stdin) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    public Command {
        arguments = List.copyOf(arguments);
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory);
        Objects.requireNonNull(stdin);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public static Command of(String program, String... arguments) {
        List<String> all = new java.util.ArrayList<>();
        all.add(program);
        all.addAll(List.of(arguments));
        return new Command(all, Map.of(), Optional.empty(), DEFAULT_TIMEOUT, Optional.empty());
    }

    public static Command of(List<String> arguments) {
        return new Command(arguments, Map.of(), Optional.empty(), DEFAULT_TIMEOUT, Optional.empty());
    }

    public Command withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new Command(arguments, env, workingDirectory, timeout, stdin);
    }

    public Command withEnvironment(Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(more);
        return new Command(arguments, env, workingDirectory, timeout, stdin);
    }

    public Command inDirectory(Path directory) {
        return new Command(arguments, environment, Optional.of(directory), timeout, stdin);
    }

    public Command withTimeout(Duration limit) {
        return new Command(arguments, environment, workingDirectory, limit, stdin);
    }

    /** Bytes written to the child's stdin, which is then closed (secrets go here, never in argv). */
    public Command withStdin(byte[] input) {
        return new Command(arguments, environment, workingDirectory, timeout, Optional.of(input.clone()));
    }

    /** The command line for messages; the caller redacts it. Environment values are never shown. */
    public String displayLine() {
        return String.join(" ", arguments);
    }
}
