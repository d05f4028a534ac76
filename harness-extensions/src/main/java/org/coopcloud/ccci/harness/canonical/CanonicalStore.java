package org.coopcloud.ccci.harness.canonical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.coopcloud.ccci.engine.api.Settings;

/**
 * The host's canonical apps on disk: {@code <dir>/<recipe>/canonical.json} (the {@link
 * CanonicalRecord}) and, while a run has the app changed, {@code <dir>/<recipe>/changed.json} (the
 * {@link CanonicalMark}), and one {@code <dir>/<recipe>/tenants/<tenant>.json} per tenant a run
 * holds in a warm app (the {@link TenantRecord}). Files are replaced atomically (write, then rename), so a kill mid-write
 * leaves the old file or the new one, never half of one. Only a holder of the canonical app's domain
 * lock writes here.
 */
public final class CanonicalStore {
    public static final String PARAMETER = "ccci.canonical.dir";
    public static final String ENV = "CCCI_CANONICAL_DIR";
    public static final Path DEFAULT = Path.of("/var/lib/cc-ci-canonical");
    private static final String RECORD = "canonical.json";
    private static final String MARK = "changed.json";
    private static final String TENANTS = "tenants";

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

    public Optional<CanonicalRecord> record(String recipe) {
        return read(recipe, RECORD).map(json -> parse(() -> CanonicalRecord.fromJson(json)));
    }

    public void write(CanonicalRecord record) throws IOException {
        writeAtomically(record.recipe(), RECORD, record.toJson());
    }

    public Optional<CanonicalMark> mark(String recipe) {
        return read(recipe, MARK).map(json -> parse(() -> CanonicalMark.fromJson(json)));
    }

    public void putMark(String recipe, CanonicalMark mark) throws IOException {
        writeAtomically(recipe, MARK, mark.toJson());
    }

    public void clearMark(String recipe) throws IOException {
        Files.deleteIfExists(dir.resolve(recipe).resolve(MARK));
    }

    /** Records a tenant before it is made in the recipe's canonical app. */
    public void putTenant(String recipe, TenantRecord tenant) throws IOException {
        writeAtomically(recipe, TENANTS + "/" + tenant.tenant() + ".json", tenant.toJson());
    }

    /** Forgets a tenant once it is gone from the app. */
    public void forgetTenant(String recipe, String tenant) throws IOException {
        Files.deleteIfExists(dir.resolve(recipe).resolve(TENANTS).resolve(tenant + ".json"));
    }

    /** The tenants runs hold (or held, and died) in the recipe's canonical app, by name. */
    public List<TenantRecord> tenants(String recipe) throws IOException {
        Path tenants = dir.resolve(recipe).resolve(TENANTS);
        if (!Files.isDirectory(tenants)) {
            return List.of();
        }
        List<TenantRecord> records = new ArrayList<>();
        try (Stream<Path> entries = Files.list(tenants)) {
            for (Path file : entries.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                records.add(parse(() -> TenantRecord.fromJson(Files.readString(file))));
            }
        }
        return records;
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

    private Optional<String> read(String recipe, String name) {
        Path file = dir.resolve(recipe).resolve(name);
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
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T parse(IoSupplier<T> parser) {
        try {
            return parser.get();
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt canonical app state: " + e.getMessage(), e);
        }
    }
}
