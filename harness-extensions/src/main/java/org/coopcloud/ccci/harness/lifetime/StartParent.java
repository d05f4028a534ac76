package org.coopcloud.ccci.harness.lifetime;

import java.util.Optional;

/**
 * The parent this process had when it started, to compare with the parent it has once the death
 * signal is armed. A JVM cannot learn its original parent after the fact, so: {@code bin/ccci}
 * exports its own parent's pid as {@code CCCI_EXPECTED_PPID} just before it execs java (exact),
 * and without it the parent seen at the first touch of this class (the launcher session opening,
 * a few hundred milliseconds after start) stands in. Compared for inequality, never with 1: where a
 * subreaper exists, orphans are reparented to it, not to init.
 *
 * <p>Parent 0 is a real answer, not an unknown: it is what getppid() says to the init (PID 1) of
 * a pid namespace, such as the entrypoint of a container (a Drone docker runner starts the step
 * that way), and to a process whose parent lives outside its namespace ({@code docker exec}). Such
 * a process has no parent inside its namespace to outlive: it ends with its container. Its
 * parent stays 0 for as long as that holds, so the same inequality check stays true.
 */
public final class StartParent {
    public static final String ENV = "CCCI_EXPECTED_PPID";

    private static final int PID = resolve();

    private StartParent() {
    }

    /**
     * The start parent, recorded at the first call. Reads /proc through ProcessHandle rather than
     * loading jnr, so the launcher session listener costs nothing in JVMs that never run cc-ci.
     */
    public static int pid() {
        return PID;
    }

    private static int resolve() {
        // ProcessHandle has no parent for ppid 0 (namespace init, or a parent outside the namespace).
        return Optional.ofNullable(System.getenv(ENV)).map(String::trim).flatMap(StartParent::parse)
                .orElseGet(() -> ProcessHandle.current().parent().map(h -> (int) h.pid()).orElse(0));
    }

    private static Optional<Integer> parse(String value) {
        try {
            int pid = Integer.parseInt(value);
            return pid >= 0 ? Optional.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
