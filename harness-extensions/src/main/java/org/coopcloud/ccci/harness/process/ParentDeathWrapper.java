package org.coopcloud.ccci.harness.process;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every child of the harness a parent death signal: the command runs as
 * {@code setpriv --pdeathsig KILL -- <command>} (util-linux, on every Debian), which sets
 * PR_SET_PDEATHSIG in the child and then execs the command in the same process. So a harness
 * killed with SIGKILL (no teardown, no runner to end its children) takes its children with it, and
 * nothing it started goes on changing a stack whose lock the kernel has already freed.
 *
 * <p>Why a wrapper: a JVM cannot run code in the child between fork and exec. The signal fires when
 * the thread that started the child exits (jvm-posix-facts.md); {@link ProcessRunner} waits for the
 * child on that very thread, so that is the harness's death or the end of the wait. The cost is one
 * exec (about 1 ms, measured). A grandchild is not covered (abra itself talks to the Docker API;
 * the Drone step kills the whole process group after the harness exits).
 *
 * <p>The program is resolved on the PATH here, so a missing program still fails in
 * {@link ProcessBuilder#start()} as before instead of as setpriv's exit 127.
 */
final class ParentDeathWrapper {
    private static final System.Logger LOG = System.getLogger(ParentDeathWrapper.class.getName());
    private static final Optional<Path> SETPRIV = find("setpriv", System.getenv("PATH"));

    private ParentDeathWrapper() {
    }

    /** The argv to start: the command under setpriv, or the command alone when that cannot be. */
    static List<String> wrap(List<String> arguments, Map<String, String> childEnvironment) {
        if (SETPRIV.isEmpty()) {
            return arguments;
        }
        Optional<Path> program = find(arguments.get(0), childEnvironment.get("PATH"));
        if (program.isEmpty()) {
            return arguments; // let ProcessBuilder report the missing program
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV.get().toString(), "--pdeathsig", "KILL", "--",
                program.get().toString()));
        wrapped.addAll(arguments.subList(1, arguments.size()));
        return wrapped;
    }

    static boolean available() {
        return SETPRIV.isPresent();
    }

    static {
        if (SETPRIV.isEmpty()) {
            LOG.log(Level.WARNING, "setpriv (util-linux) is not on the PATH: children of the harness get no parent "
                    + "death signal and may outlive a harness killed with SIGKILL; install util-linux");
        }
    }

    private static Optional<Path> find(String program, String path) {
        if (program.contains("/")) {
            Path file = Path.of(program);
            return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
        }
        for (String dir : (path == null ? "" : path).split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
