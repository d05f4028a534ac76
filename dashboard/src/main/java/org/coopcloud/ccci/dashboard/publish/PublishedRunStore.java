package org.coopcloud.ccci.dashboard.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The dashboard's own store of published runs: {@code <store>/<run id>/} holds a run's result files
 * exactly as they were sent. A run is unpacked into a hidden directory and renamed into place in one
 * step, so readers never see half a run; a run id, once stored, never changes (idempotent publish).
 */
public final class PublishedRunStore {
    private static final String INCOMING = ".incoming";

    /** What a publish did. */
    public enum Result {
        /** Stored now. */
        CREATED,
        /** The same files were already stored under this run id: nothing changed. */
        UNCHANGED,
        /** Different files are already stored under this run id: refused, nothing changed. */
        CONFLICT
    }

    private final Path root;
    private final Object placing = new Object();

    public PublishedRunStore(Path root) throws IOException {
        this.root = root;
        // What a dashboard killed mid-publish left unpacking: never a stored run, so it goes.
        deleteTree(root.resolve(INCOMING));
        Files.createDirectories(root.resolve(INCOMING));
    }

    public Path root() {
        return root;
    }

    /**
     * Stores the zip of one run's result files.
     *
     * @throws BadPublishException when the body is not such a zip (names the entry at fault)
     */
    public Result store(String runId, InputStream zip) throws IOException, BadPublishException {
        if (!RunPublisher.isRunId(runId)) {
            throw new BadPublishException("run id '" + runId + "' is not a run id ([A-Za-z0-9][A-Za-z0-9._-]*)");
        }
        Path incoming = root.resolve(INCOMING).resolve(runId + "-" + UUID.randomUUID());
        Files.createDirectories(incoming);
        try {
            unpack(zip, incoming);
            Path target = root.resolve(runId);
            synchronized (placing) {
                if (Files.isDirectory(target)) {
                    return digest(target).equals(digest(incoming)) ? Result.UNCHANGED : Result.CONFLICT;
                }
                try {
                    Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    return digest(target).equals(digest(incoming)) ? Result.UNCHANGED : Result.CONFLICT;
                }
                return Result.CREATED;
            }
        } finally {
            deleteTree(incoming);
        }
    }

    private static void unpack(InputStream body, Path into) throws IOException, BadPublishException {
        Set<String> seen = new HashSet<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(body)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (!RunPublisher.isResultFile(name)) {
                    throw new BadPublishException("entry '" + printable(name) + "' is not one of a run's result files");
                }
                if (!seen.add(name)) {
                    throw new BadPublishException("entry '" + name + "' appears twice");
                }
                Path file = into.resolve(name);
                Files.createDirectories(file.getParent());
                byte[] buffer = new byte[8192];
                try (OutputStream out = Files.newOutputStream(file)) {
                    for (int n; (n = zip.read(buffer)) > 0; ) {
                        total += n;
                        if (total > RunPublisher.MAX_BYTES) {
                            throw new BadPublishException("the run's files are over " + RunPublisher.MAX_BYTES + " bytes");
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (ZipException e) {
            throw new BadPublishException("the body is not a readable zip: " + e.getMessage());
        }
        if (seen.isEmpty()) {
            throw new BadPublishException("the zip holds none of a run's result files");
        }
    }

    /** A digest of a stored run's files, names and contents, independent of file times. */
    static String digest(Path directory) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> directory.relativize(p).toString())).toList();
        }
        for (Path file : files) {
            byte[] name = directory.relativize(file).toString().getBytes(StandardCharsets.UTF_8);
            byte[] content = Files.readAllBytes(file);
            sha.update((name.length + ":" + content.length + ":").getBytes(StandardCharsets.UTF_8));
            sha.update(name);
            sha.update(content);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String printable(String name) {
        String shown = name.replaceAll("[^\\x20-\\x7e]", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A publish body that is not what the API takes; the message says what is wrong. */
    public static final class BadPublishException extends Exception {
        public BadPublishException(String message) {
            super(message);
        }
    }
}
