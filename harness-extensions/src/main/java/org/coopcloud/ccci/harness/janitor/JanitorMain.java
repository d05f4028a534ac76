package org.coopcloud.ccci.harness.janitor;

import java.util.Optional;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.canonical.CanonicalJanitor;
import org.coopcloud.ccci.harness.canonical.CanonicalRepairs;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.process.ProcessRunner;

/**
 * {@code bin/ccci janitor}: one sweep outside any run. Settings come from system properties
 * ({@code -Dccci.app.lock.dir=...}) then the environment; the ports from {@link java.util.ServiceLoader}.
 * Exits 0, or 1 when a reap failed.
 */
public final class JanitorMain {
    private JanitorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = new Settings() {
            @Override
            public Optional<String> get(String parameter, String envVar) {
                return Optional.ofNullable(System.getProperty(parameter)).filter(v -> !v.isBlank())
                        .or(() -> env(envVar));
            }

            @Override
            public Optional<String> env(String envVar) {
                return Optional.ofNullable(envVar == null ? null : System.getenv(envVar)).filter(v -> !v.isBlank());
            }
        };
        EventLog noRunEvents = (event, fields) -> { }; // outside a run there is no events.jsonl; the log lines say it
        JanitorReport report = new Janitor(JanitorConfig.from(settings), JanitorPorts.fromServiceLoader(), noRunEvents)
                .sweep();
        System.out.println("janitor: reaped " + report.reaped() + ", live " + report.live() + ", long-held "
                + report.longHeld() + ", reap failed " + report.reapFailed() + ", unopenable " + report.unopenable()
                + ", stale lockfiles removed " + report.tidiedLockFiles().size()
                + (report.discoveryConfigured() ? "" : " (no app discovery configured: lockfiles only)"));
        // Canonical apps a killed quick run left changed: restored, never reaped.
        java.util.List<String> repaired = java.util.List.of();
        java.util.List<String> tenants = java.util.List.of();
        try {
            ProcessRunner runner = new ProcessRunner();
            CanonicalJanitor canonical = CanonicalRepairs.janitor(settings, AbraCli.locate(settings, runner,
                    java.time.Duration.ofMinutes(15)), runner, DockerClient.fromEnvironment(), noRunEvents);
            repaired = canonical.repairMarked();
            tenants = canonical.reapTenants();
        } catch (RuntimeException e) {
            System.out.println("janitor: canonical apps not checked: " + e.getMessage());
        }
        System.out.println("janitor: canonical apps restored after a killed run: " + repaired);
        System.out.println("janitor: tenants of dead runs removed from warm canonical apps: " + tenants);
        System.exit(report.reapFailed().isEmpty() ? 0 : 1);
    }
}
