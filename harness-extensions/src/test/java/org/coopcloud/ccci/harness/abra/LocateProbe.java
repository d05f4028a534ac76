package org.coopcloud.ccci.harness.abra;

import java.time.Duration;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.process.ProcessRunner;

/**
 * Run in a child JVM by {@link AbraCliLocateTest}: {@link AbraCli#locate} reads the real PATH of the
 * process, which a test cannot change in its own JVM. Prints {@code found <path>} (exit 0) or
 * {@code error <message>} (exit 3). No configured CCCI_ABRA: only the PATH is searched.
 */
public final class LocateProbe {
    private LocateProbe() {
    }

    public static void main(String[] args) {
        Settings none = new Settings() {
            @Override
            public Optional<String> get(String parameter, String envVar) {
                return Optional.empty();
            }

            @Override
            public Optional<String> env(String envVar) {
                return Optional.empty();
            }
        };
        try {
            System.out.println("found " + AbraCli.locate(none, new ProcessRunner(), Duration.ofSeconds(5)).executable());
        } catch (InfrastructureException e) {
            System.out.println("error " + e.getMessage());
            System.exit(3);
        }
    }
}
