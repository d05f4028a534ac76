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
 * Exits 0, or 1 when a reap, a canonical app's repair or a tenant's removal failed, or canonical
 * state was corrupt (each named on stderr).
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
        java.util.List<String> problems = new java.util.ArrayList<>();
        try {
            ProcessRunner runner = new ProcessRunner();
            CanonicalJanitor canonical = CanonicalRepairs.janitor(settings, AbraCli.locate(settings, runner,
                    java.time.Duration.ofMinutes(15)), runner, DockerClient.fromEnvironment(), noRunEvents);
            repaired = canonical.repairMarked();
            tenants = canonical.reapTenants();
            canonical.reclaimAbandonedAbraDirs();
            problems.addAll(canonical.problems());
        } catch (RuntimeException e) {
            problems.add("canonical apps not checked: " + e.getMessage());
        }
        System.out.println("janitor: canonical apps restored after a killed run: " + repaired);
        System.out.println("janitor: tenants of dead runs removed from warm canonical apps: " + tenants);
        problems.forEach(problem -> System.err.println("!! janitor: " + problem));
        System.exit(exitStatus(report, problems));
    }

    /** 0 when every reap, repair and tenant removal worked and all state was readable; 1 otherwise (each named on stderr). */
    static int exitStatus(JanitorReport report, java.util.List<String> canonicalProblems) {
        return report.reapFailed().isEmpty() && canonicalProblems.isEmpty() ? 0 : 1;
    }
}
