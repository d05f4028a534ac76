package org.coopcloud.ccci.harness.lock;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Settings;

/**
 * Where each app domain's lock lives, recorded host-wide by the run that took it: one file
 * {@code <owners dir>/<domain>} holding the absolute lock directory. Two cc-ci installs on one host
 * (one swarm) may keep their lockfiles in different directories ({@code CCCI_APP_LOCK_DIR}); a
 * janitor that probed only its own directory would find another install's live run "free" and
 * reap its app. So a run records its lock's directory as soon as it holds the lock, before its app
 * exists, and a janitor probes the lock where the record says (see {@link LockProbe}).
 *
 * <p>The owners directory is the rendezvous, so it must be the same for every install on a host:
 * the default {@code /run/lock/cc-ci-lock-owners} (a tmpfs, cleared with the locks at a reboot);
 * {@code CCCI_LOCK_OWNERS_DIR} exists for tests. A record that cannot be written is logged: the run
 * goes on, protected from its own install's janitor as before.
 */
public record LockOwners(Path directory) {
    public static final String PARAMETER = "ccci.lock.owners.dir";
    public static final String ENV = "CCCI_LOCK_OWNERS_DIR";
    public static final Path DEFAULT = Path.of("/run/lock/cc-ci-lock-owners");
    private static final System.Logger LOG = System.getLogger(LockOwners.class.getName());

    public static LockOwners from(Settings settings) {
        return new LockOwners(settings.get(PARAMETER, ENV).map(Path::of).orElse(DEFAULT));
    }

    /** From this process's system property, then its environment, else the default. */
    public static LockOwners fromEnvironment() {
        String value = Optional.ofNullable(System.getProperty(PARAMETER)).filter(v -> !v.isBlank())
                .orElse(System.getenv(ENV));
        return new LockOwners(value == null || value.isBlank() ? DEFAULT : Path.of(value));
    }

    /** Records that the domain's lock lives in {@code lockDirectory} (atomically: a reader sees the old record or this). */
    public void record(String domain, LockDirectory lockDirectory) {
        Path file = fileOf(domain);
        try {
            Files.createDirectories(directory);
            Path tmp = directory.resolve("." + domain + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, normalised(lockDirectory.path()) + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "!! app lock: cannot record where the lock of {0} lives ({1}: {2}); a janitor of"
                    + " another cc-ci install with another lock dir may not see this run", domain, file, e.toString());
        }
    }

    /** The lock directory the domain's run recorded; empty when none did (or the record is unreadable). */
    public Optional<LockDirectory> lockDirectoryOf(String domain) {
        Path file = fileOf(domain);
        try {
            String text = Files.readString(file).strip();
            if (text.isEmpty() || !text.startsWith("/")) {
                LOG.log(Level.WARNING, "janitor: the lock owner record {0} is not an absolute path; ignoring it", file);
                return Optional.empty();
            }
            return Optional.of(new LockDirectory(Path.of(text)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "janitor: cannot read the lock owner record {0} ({1}); ignoring it", file, e.toString());
            return Optional.empty();
        }
    }

    /** Forgets the record, but only while it still names {@code lockDirectory} (a new run may have recorded another). */
    public void forget(String domain, LockDirectory lockDirectory) {
        Optional<LockDirectory> recorded = lockDirectoryOf(domain);
        if (recorded.isPresent() && normalised(recorded.get().path()).equals(normalised(lockDirectory.path()))) {
            try {
                Files.deleteIfExists(fileOf(domain));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "janitor: cannot remove the lock owner record of {0} ({1})", domain, e.toString());
            }
        }
    }

    static Path normalised(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private Path fileOf(String domain) {
        if (domain.isEmpty() || domain.contains("/") || domain.startsWith(".")) {
            throw new IllegalArgumentException("not an app domain: " + domain);
        }
        return directory.resolve(domain);
    }
}
