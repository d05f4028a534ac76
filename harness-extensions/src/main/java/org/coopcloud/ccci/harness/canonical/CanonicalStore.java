package org.coopcloud.ccci.harness.canonical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.coopcloud.ccci.engine.api.Settings;

/**
 * The host's canonical apps on disk: {@code <dir>/<recipe>/canonical.json} (the {@link
 * CanonicalRecord}) and, while a run has the app changed, {@code <dir>/<recipe>/changed.json} (the
 * {@link CanonicalMark}), and one {@code <dir>/<recipe>/tenants/<tenant>.json} per tenant a run
 * holds in a warm app (the {@link TenantRecord}). Files are replaced atomically and durably (write,
 * fsync, rename, fsync the directory), so a kill or a host crash mid-write leaves the old file or the
 * new one, never an empty or half one. Only a holder of the canonical app's domain lock writes here.
 *
 * <p>A file that is corrupt all the same (a crash of an older version, a disk error, a hand edit)
 * is refused naming it ({@link CorruptStateException}) and stops only what needs it: a corrupt mark
 * reads as the mark of an unknown run (the app is repaired, which is always safe); a corrupt tenant
 * record is set aside by the janitor; a corrupt record fails the quick runs and commands of its
 * recipe, naming the file and the command that makes a new one.
 */
public final class CanonicalStore {
    public static final String PARAMETER = "ccci.canonical.dir";
    public static final String ENV = "CCCI_CANONICAL_DIR";
    public static final Path DEFAULT = Path.of("/var/lib/cc-ci-canonical");
    private static final String RECORD = "canonical.json";
    private static final String MARK = "changed.json";
    private static final String TENANTS = "tenants";

    private static final System.Logger LOG = System.getLogger(CanonicalStore.class.getName());

    private final Path dir;

    public CanonicalStore(Path dir) {
        this.dir = dir;
    }

    public static CanonicalStore from(Settings settings) {
        return new CanonicalStore(settings.get(PARAMETER, ENV).map(Path::of).orElse(DEFAULT));
    }

    public Path directory() {
        return dir;
    }

    /** @throws CorruptStateException the record is there but unreadable (named, with what to do) */
    public Optional<CanonicalRecord> record(String recipe) {
        Path file = dir.resolve(recipe).resolve(RECORD);
        return read(file).map(json -> parse(file, () -> CanonicalRecord.fromJson(json), "move it away, then `bin/ccci"
                + " canonical " + recipe + " remove` and `promote` make a new canonical app"));
    }

    public void write(CanonicalRecord record) throws IOException {
        writeAtomically(record.recipe(), RECORD, record.toJson());
    }

    /**
     * The mark, when there is one. A mark file that cannot be read still says a run changed the app:
     * it reads as the mark of an unknown run, so the app is restored (then the file goes) instead of
     * being trusted as clean.
     */
    public Optional<CanonicalMark> mark(String recipe) {
        Path file = dir.resolve(recipe).resolve(MARK);
        return read(file).map(json -> {
            try {
                return CanonicalMark.fromJson(json);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "!! canonical {0}: the mark {1} is unreadable ({2}); taking it as the mark of an"
                        + " unknown run: the app is restored before use", recipe, file, e.getMessage());
                return new CanonicalMark("(unknown: unreadable mark " + file + ")", -1, "(unknown)");
            }
        });
    }

    public void putMark(String recipe, CanonicalMark mark) throws IOException {
        writeAtomically(recipe, MARK, mark.toJson());
    }

    public void clearMark(String recipe) throws IOException {
        if (Files.deleteIfExists(dir.resolve(recipe).resolve(MARK))) {
            syncDirectory(dir.resolve(recipe));
        }
    }

    /** Records a tenant before it is made in the recipe's canonical app. */
    public void putTenant(String recipe, TenantRecord tenant) throws IOException {
        writeAtomically(recipe, TENANTS + "/" + tenant.tenant() + ".json", tenant.toJson());
    }

    /** Forgets a tenant once it is gone from the app. */
    public void forgetTenant(String recipe, String tenant) throws IOException {
        Files.deleteIfExists(dir.resolve(recipe).resolve(TENANTS).resolve(tenant + ".json"));
    }

    /**
     * The tenants runs hold (or held, and died) in the recipe's canonical app, by name.
     *
     * @throws CorruptStateException a tenant record is unreadable (the janitor sets it aside)
     */
    public List<TenantRecord> tenants(String recipe) throws IOException {
        List<TenantRecord> records = new ArrayList<>();
        for (Path file : tenantFiles(recipe)) {
            records.add(tenant(file));
        }
        return records;
    }

    /** The tenant record files of the recipe's canonical app, by name. */
    public List<Path> tenantFiles(String recipe) throws IOException {
        Path tenants = dir.resolve(recipe).resolve(TENANTS);
        if (!Files.isDirectory(tenants)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(tenants)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** @throws CorruptStateException the file is unreadable as a tenant record (named) */
    public TenantRecord tenant(Path file) throws IOException {
        String json = Files.readString(file);
        return parse(file, () -> TenantRecord.fromJson(json), "nobody can tell whose tenant it is: the janitor sets it"
                + " aside; remove the tenant from the app by hand if it is still there");
    }

    /**
     * Moves a corrupt state file out of the way, beside itself as {@code <name>.corrupt-<millis>}, so
     * it stops every reader while an operator can still look at it. Returns where it went.
     */
    public Path setAside(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(file.getParent());
        return aside;
    }

    /** Forgets the recipe's canonical app (after it was taken off the host), its tenants' records with it. */
    public void forget(String recipe) throws IOException {
        Path recipeDir = dir.resolve(recipe);
        for (TenantRecord tenant : tenants(recipe)) {
            forgetTenant(recipe, tenant.tenant());
        }
        Files.deleteIfExists(recipeDir.resolve(TENANTS));
        Files.deleteIfExists(recipeDir.resolve(MARK));
        Files.deleteIfExists(recipeDir.resolve(RECORD));
        Files.deleteIfExists(recipeDir);
    }

    /** Every recipe with a canonical app on this host. */
    public List<String> recipes() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> recipes = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> Files.isRegularFile(p.resolve(RECORD))).map(p -> p.getFileName().toString()).sorted()
                    .forEach(recipes::add);
        }
        return recipes;
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void writeAtomically(String recipe, String name, String text) throws IOException {
        Path target = dir.resolve(recipe).resolve(name);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        // The data reaches the disk before the rename makes it the file, and the rename before we
        // return: a host crash leaves the old file or the new one, never an empty one.
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private interface Parser<T> {
        T parse() throws IOException;
    }

    private static <T> T parse(Path file, Parser<T> parser, String remedy) {
        try {
            return parser.parse();
        } catch (IOException | RuntimeException e) {
            String problem = file.toFile().length() == 0 ? "the file is empty" : String.valueOf(e.getMessage());
            throw new CorruptStateException(file, problem, remedy, e);
        }
    }
}
