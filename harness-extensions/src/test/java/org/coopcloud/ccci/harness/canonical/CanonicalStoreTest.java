package org.coopcloud.ccci.harness.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanonicalStoreTest {
    @TempDir
    Path dir;

    @Test
    void aRecordAndAMarkRoundTripAndTheMarkGoesAlone() throws Exception {
        CanonicalStore store = new CanonicalStore(dir);
        CanonicalRecord record = new CanonicalRecord("demo-web", "demo-web.canonical.ci.test", "1.1.0+1.1",
                Optional.of("20261129T133918Z-0eb1d9"), Optional.of("ccci-canonical-50a3c94b39c7"), "2026-11-29T13:39:19Z");
        assertThat(store.record("demo-web")).isEmpty();
        assertThat(store.recipes()).isEmpty();

        store.write(record);
        store.putMark("demo-web", new CanonicalMark("q1", 4242, "2026-11-29T13:40:00Z"));

        assertThat(store.record("demo-web")).contains(record);
        assertThat(store.mark("demo-web")).contains(new CanonicalMark("q1", 4242, "2026-11-29T13:40:00Z"));
        assertThat(store.mark("demo-web").orElseThrow().describe()).contains("run q1").contains("pid 4242");
        assertThat(store.recipes()).containsExactly("demo-web");
        // Written by rename: no temporary file is left beside them.
        try (var files = Files.list(dir.resolve("demo-web"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("canonical.json", "changed.json");
        }

        store.clearMark("demo-web");
        assertThat(store.mark("demo-web")).isEmpty();
        assertThat(store.record("demo-web")).contains(record);

        store.forget("demo-web");
        assertThat(dir.resolve("demo-web")).doesNotExist();
    }

    @Test
    void tenantRecordsRoundTripAndGoWithTheCanonicalApp() throws Exception {
        CanonicalStore store = new CanonicalStore(dir);
        store.write(new CanonicalRecord("demo-sso", "demo-sso.canonical.ci.test", "1.1.0+1.1", Optional.empty(),
                Optional.empty(), "2026-11-29T13:39:19Z"));
        TenantRecord a = new TenantRecord("ccci-0123456789", "demo-1a2b3c.ci.test", "run-a", "2026-11-29T14:00:00Z");
        TenantRecord b = new TenantRecord("ccci-abcdefabcd", "demo-4d5e6f.ci.test", "run-b", "2026-11-29T14:00:01Z");
        assertThat(store.tenants("demo-sso")).isEmpty();

        store.putTenant("demo-sso", b);
        store.putTenant("demo-sso", a);
        assertThat(store.tenants("demo-sso")).containsExactly(a, b);
        try (var files = Files.list(dir.resolve("demo-sso").resolve("tenants"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder("ccci-0123456789.json", "ccci-abcdefabcd.json");
        }
        store.forgetTenant("demo-sso", a.tenant());
        assertThat(store.tenants("demo-sso")).containsExactly(b);

        store.forget("demo-sso");
        assertThat(dir.resolve("demo-sso")).doesNotExist();
    }

    @Test
    void aStatelessRecipesRecordHasNoSnapshotOrSeed() throws Exception {
        CanonicalStore store = new CanonicalStore(dir);
        store.write(new CanonicalRecord("demo-static", "demo-static.canonical.ci.test", "1.1.0+1.1", Optional.empty(),
                Optional.empty(), "2026-11-29T13:39:19Z"));

        CanonicalRecord read = store.record("demo-static").orElseThrow();
        assertThat(read.snapshot()).isEmpty();
        assertThat(read.seed()).isEmpty();
    }

    @Test
    void theDirectoryComesFromTheSettingElseTheDefault() {
        assertThat(CanonicalStore.from(settings(Map.of("CCCI_CANONICAL_DIR", "/tmp/x"))).directory()).isEqualTo(Path.of("/tmp/x"));
        assertThat(CanonicalStore.from(settings(Map.of())).directory()).isEqualTo(CanonicalStore.DEFAULT);
    }

    private static Settings settings(Map<String, String> env) {
        return new Settings() {
            @Override
            public Optional<String> get(String parameter, String envVar) {
                return env(envVar);
            }

            @Override
            public Optional<String> env(String envVar) {
                return Optional.ofNullable(env.get(envVar));
            }
        };
    }
    @Test
    void anEmptyOrCorruptRecordIsRefusedNamingTheFile() throws Exception {
        CanonicalStore store = new CanonicalStore(dir);
        Path record = Files.createDirectories(dir.resolve("demo-web")).resolve("canonical.json");
        for (String text : new String[] {"", "{\"recipe\": \"demo-web\"", "{\"recipe\": \"demo-web\"}"}) {
            Files.writeString(record, text);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.record("demo-web"))
                    .isInstanceOf(CorruptStateException.class)
                    .hasMessageContaining(record.toString())
                    .hasMessageContaining("bin/ccci canonical demo-web");
        }
    }

    @Test
    void aTenantRecordWithoutItsFieldsIsRefusedNamingTheField() throws Exception {
        CanonicalStore store = new CanonicalStore(dir);
        Path tenant = Files.createDirectories(dir.resolve("demo-sso/tenants")).resolve("ccci-0123456789.json");
        Files.writeString(tenant, "{\"tenant\": \"ccci-0123456789\", \"run_id\": \"r\", \"since\": \"t\"}");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.tenants("demo-sso"))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining(tenant.toString())
                .hasMessageContaining("owner_domain");
    }

    @Test
    void writesLeaveNoTemporaryFileAndReplaceWhatWasThere() throws Exception {
        CanonicalStore store = new CanonicalStore(dir);
        store.putMark("demo-web", new CanonicalMark("q1", 1, "t1"));
        store.putMark("demo-web", new CanonicalMark("q2", 2, "t2"));

        assertThat(store.mark("demo-web")).contains(new CanonicalMark("q2", 2, "t2"));
        try (var files = Files.list(dir.resolve("demo-web"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("changed.json");
        }
    }
}
