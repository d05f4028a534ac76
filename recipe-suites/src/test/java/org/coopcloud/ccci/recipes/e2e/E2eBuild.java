package org.coopcloud.ccci.recipes.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.coopcloud.ccci.harness.lock.AppLocker;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockProbe;

/**
 * One build of the end-to-end suite on this host, so that two builds at once (a runner of capacity
 * 2, two developers) never meet: each has its own domain suffix ({@code b<6 hex>.e2e.test}, or
 * {@code CCCI_E2E_DOMAIN_SUFFIX} when set) and one lock dir for all its runs, so each run's janitor
 * sees only its own build's apps, and sees the locks of the build's live runs.
 *
 * <p>A build that crashes leaves apps under a suffix nobody uses again. So each build holds a flock
 * on {@code <tmp>/ccci-e2e-builds/cc-ci-app-<suffix>.lock} for as long as its JVM lives (the same
 * lock the harness uses for app domains), and every new build first probes the others' locks: a
 * lock it can take is a dead build, whose apps it reaps with {@code bin/ccci janitor} under that
 * build's suffix and lock dir (where a run of the dead build still tearing down holds its app lock
 * and is left alone), then removes its directory.
 */
final class E2eBuild {
    static final Path BUILDS = Path.of(System.getProperty("java.io.tmpdir"), "ccci-e2e-builds");
    static final String SUFFIX_ENV = "CCCI_E2E_DOMAIN_SUFFIX";

    private static E2eBuild current;

    private final String suffix;
    private final Path lockDir;

    private E2eBuild(String suffix, Path lockDir) {
        this.suffix = suffix;
        this.lockDir = lockDir;
    }

    /** This JVM's build: registered (and dead builds reaped) at the first call. */
    static synchronized E2eBuild current() {
        if (current == null) {
            try {
                reapDeadBuilds(BUILDS);
                current = register(BUILDS, Optional.ofNullable(System.getenv(SUFFIX_ENV)).filter(s -> !s.isBlank()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot register this end-to-end build in " + BUILDS + ": " + e, e);
            }
        }
        return current;
    }

    /** A fresh build (or one under the given suffix), registered under {@code builds}; its lock lives as long as this JVM. */
    static E2eBuild register(Path builds, Optional<String> explicitSuffix) throws Exception {
        String suffix = explicitSuffix.orElseGet(E2eBuild::freshSuffix);
        Files.createDirectories(builds);
        new AppLocker(new LockDirectory(builds)).acquire(suffix, (domain, path) -> {
            throw new IllegalStateException("another end-to-end build on this host is live with the domain suffix " + suffix
                    + " (" + path + "); unset " + SUFFIX_ENV + " or give each build its own");
        });
        return new E2eBuild(suffix, Files.createDirectories(builds.resolve(suffix).resolve("locks")));
    }

    static String freshSuffix() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "b" + HexFormat.of().formatHex(bytes) + ".e2e.test";
    }

    String suffix() {
        return suffix;
    }

    Path lockDir() {
        return lockDir;
    }

    /** Reaps the apps of every build under {@code builds} whose JVM is gone; returns their suffixes. */
    static List<String> reapDeadBuilds(Path builds) throws Exception {
        if (!Files.isDirectory(builds)) {
            return List.of();
        }
        LockDirectory directory = new LockDirectory(builds);
        LockProbe probe = new LockProbe(directory);
        List<String> reaped = new java.util.ArrayList<>();
        for (Path file : directory.lockFiles()) {
            Optional<String> suffix = LockDirectory.domainOf(file);
            Optional<LockProbe.Outcome> outcome = probe.probeExisting(file, Instant.now());
            if (suffix.isEmpty() || outcome.isEmpty() || !(outcome.get() instanceof LockProbe.Orphan dead)) {
                continue; // a live build, or one another build is reaping right now
            }
            try (dead) {
                Path buildDir = builds.resolve(suffix.get());
                if (janitor(suffix.get(), Files.createDirectories(buildDir.resolve("locks")))) {
                    deleteTree(buildDir);
                    dead.unlinkAndRelease();
                    reaped.add(suffix.get());
                }
            }
        }
        return reaped;
    }

    /** {@code bin/ccci janitor} for one build's suffix and lock dir; true when it reaped all it found. */
    private static boolean janitor(String suffix, Path lockDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Harness.ROOT.resolve("bin/ccci").toString(), "janitor")
                .directory(Harness.ROOT.toFile()).redirectErrorStream(true).inheritIO();
        builder.environment().put("CCCI_DOMAIN_SUFFIX", suffix);
        builder.environment().put("CCCI_APP_LOCK_DIR", lockDir.toString());
        builder.environment().put("CCCI_ABRA", Harness.ROOT.resolve("sandbox").resolve("abra").toString());
        Process janitor = builder.start();
        if (!janitor.waitFor(10, TimeUnit.MINUTES)) {
            janitor.destroyForcibly();
            return false;
        }
        return janitor.exitValue() == 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
