package org.coopcloud.ccci.harness.lock;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Settings;

/**
 * Where app-domain lockfiles live and how they are named: {@code <dir>/cc-ci-app-<domain>.lock}.
 * The default {@code /run/lock} is a tmpfs, so a reboot clears locks and lockfiles together and
 * every app that survived it probes as an orphan.
 */
public record LockDirectory(Path path) {
    public static final String PARAMETER = "ccci.app.lock.dir";
    public static final String ENV = "CCCI_APP_LOCK_DIR";
    public static final Path DEFAULT = Path.of("/run/lock");

    private static final String PREFIX = "cc-ci-app-";
    private static final String SUFFIX = ".lock";

    public static LockDirectory from(Settings settings) {
        return new LockDirectory(settings.get(PARAMETER, ENV).map(Path::of).orElse(DEFAULT));
    }

    public Path lockFileOf(String domain) {
        if (domain.isEmpty() || domain.contains("/") || domain.startsWith(".")) {
            throw new IllegalArgumentException("not an app domain: " + domain);
        }
        return path.resolve(PREFIX + domain + SUFFIX);
    }

    /** The domain a lockfile name stands for, when it is one of ours. */
    public static Optional<String> domainOf(Path lockFile) {
        String name = lockFile.getFileName().toString();
        if (name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name.length() > PREFIX.length() + SUFFIX.length()) {
            return Optional.of(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        }
        return Optional.empty();
    }

    /** Every lockfile of ours in the directory; empty when the directory does not exist. */
    public List<Path> lockFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, PREFIX + "*" + SUFFIX)) {
            entries.forEach(files::add);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return files;
    }
}
