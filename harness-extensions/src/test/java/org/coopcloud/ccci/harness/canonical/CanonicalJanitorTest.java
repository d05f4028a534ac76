package org.coopcloud.ccci.harness.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.EventLog;
import org.coopcloud.ccci.harness.lock.AppLocker;
import org.coopcloud.ccci.harness.lock.LockDirectory;
import org.coopcloud.ccci.harness.lock.LockProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CanonicalJanitor} on real flocks in a temp lock dir: which canonical apps it restores, and
 * that it does so while holding their lock. The restore itself is recorded instead of run.
 */
class CanonicalJanitorTest {
    private static final String DOMAIN = "demo-web.canonical.ci.test";

    @TempDir
    Path dir;

    private CanonicalStore store;
    private LockDirectory locks;
    private final List<String> restored = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final EventLog eventLog = (event, fields) -> events.add(event + " " + fields.get("domain"));

    @BeforeEach
    void canonicalAppOnRecord() throws Exception {
        store = new CanonicalStore(dir.resolve("canonical"));
        locks = new LockDirectory(Files.createDirectories(dir.resolve("locks")));
        store.write(new CanonicalRecord("demo-web", DOMAIN, "1.1.0+1.1", Optional.of("snap"), Optional.of("seed"), "t"));
    }

    private CanonicalJanitor janitor(CanonicalJanitor.Restore restore) {
        return new CanonicalJanitor(store, new LockProbe(locks), restore, (provider, tenant) -> {
            throw new AssertionError("no tenant to remove");
        }, eventLog);
    }

    private CanonicalJanitor tenantJanitor(CanonicalJanitor.TenantRemoval removal) {
        return new CanonicalJanitor(store, new LockProbe(locks), record -> {
            throw new AssertionError("nothing to restore");
        }, removal, eventLog);
    }

    private static final TenantRecord LIVE = new TenantRecord("ccci-1111111111", "demo-111111.ci.test", "run-live", "t");
    private static final TenantRecord DEAD = new TenantRecord("ccci-2222222222", "demo-222222.ci.test", "run-dead", "t");

    @Test
    void theTenantOfADeadRunIsRemovedWhileItsOwnersLockIsHeldAndALiveRunsIsLeft() throws Exception {
        store.putTenant("demo-web", LIVE);
        store.putTenant("demo-web", DEAD);
        new AppLocker(locks).acquire(LIVE.ownerDomain(), (d, p) -> { }); // the live run
        List<Boolean> ownerHeldDuringRemoval = new ArrayList<>();

        List<String> reaped = tenantJanitor((provider, tenant) -> {
            restored.add(provider.domain() + " " + tenant.tenant());
            ownerHeldDuringRemoval.add(new LockProbe(locks).probe(tenant.ownerDomain(), Instant.now())
                    instanceof LockProbe.Held);
            store.forgetTenant(provider.recipe(), tenant.tenant()); // what WarmProvider.closeTenant does once it is gone
            return true;
        }).reapTenants();

        assertThat(reaped).containsExactly(DEAD.tenant());
        assertThat(restored).containsExactly(DOMAIN + " " + DEAD.tenant());
        assertThat(ownerHeldDuringRemoval).containsExactly(true);
        assertThat(store.tenants("demo-web")).containsExactly(LIVE);
        assertThat(events).containsExactly("canonical.tenant.reaped " + DOMAIN);
        assertThat(locks.lockFileOf(DEAD.ownerDomain())).as("the dead owner's lockfile is tidied").doesNotExist();
    }

    @Test
    void aTenantThatCannotBeRemovedNowKeepsItsRecordForTheNextSweep() throws Exception {
        store.putTenant("demo-web", DEAD);

        assertThat(tenantJanitor((provider, tenant) -> false).reapTenants()).isEmpty();
        assertThat(tenantJanitor((provider, tenant) -> {
            throw new IllegalStateException("exec failed");
        }).reapTenants()).isEmpty();

        assertThat(store.tenants("demo-web")).containsExactly(DEAD);
        assertThat(events).isEmpty();
    }

    @Test
    void aMarkedAppNobodyHoldsIsRestoredUnderItsLockAndTheMarkGoes() throws Exception {
        store.putMark("demo-web", new CanonicalMark("quick-1", 4242, "t"));
        List<Boolean> lockHeldDuringRestore = new ArrayList<>();

        List<String> repaired = janitor(record -> {
            restored.add(record.domain());
            // A second probe (a new run's janitor, say) sees the lock held while the restore runs.
            lockHeldDuringRestore.add(new LockProbe(locks).probe(DOMAIN, Instant.now()) instanceof LockProbe.Held);
        }).repairMarked();

        assertThat(repaired).containsExactly(DOMAIN);
        assertThat(restored).containsExactly(DOMAIN);
        assertThat(lockHeldDuringRestore).containsExactly(true);
        assertThat(store.mark("demo-web")).isEmpty();
        assertThat(events).containsExactly("canonical.repair " + DOMAIN);
    }

    @Test
    void aMarkedAppALiveRunHoldsIsLeftAlone() throws Exception {
        store.putMark("demo-web", new CanonicalMark("quick-2", 4343, "t"));
        new AppLocker(locks).acquire(DOMAIN, (d, p) -> { }); // the live quick run's lock

        List<String> repaired = janitor(record -> restored.add(record.domain())).repairMarked();

        assertThat(repaired).isEmpty();
        assertThat(restored).isEmpty();
        assertThat(store.mark("demo-web")).isPresent();
    }

    @Test
    void anUnmarkedAppIsNeverTouched() throws Exception {
        assertThat(janitor(record -> restored.add(record.domain())).repairMarked()).isEmpty();
        assertThat(restored).isEmpty();
    }

    @Test
    void aRestoreThatFailsKeepsTheMarkForTheNextSweep() throws Exception {
        store.putMark("demo-web", new CanonicalMark("quick-3", 4444, "t"));

        List<String> repaired = janitor(record -> {
            throw new IllegalStateException("the release did not converge");
        }).repairMarked();

        assertThat(repaired).isEmpty();
        assertThat(store.mark("demo-web")).isPresent();
        assertThat(events).isEmpty();
    }
    @Test
    void aRestoreThatFailsIsAProblemTheJanitorNames() throws Exception {
        store.putMark("demo-web", new CanonicalMark("quick-4", 4545, "t"));
        CanonicalJanitor janitor = janitor(record -> {
            throw new IllegalStateException("the release did not converge");
        });

        janitor.repairMarked();

        assertThat(janitor.problems()).singleElement().asString().contains(DOMAIN).contains("the release did not converge");
    }

    @Test
    void aCorruptRecordOfOneRecipeIsNamedAndSkippedWhileAnotherIsRepaired() throws Exception {
        // An empty record (what a host crash after a rename without fsync leaves) sorts before demo-web.
        Path corrupt = Files.createDirectories(dir.resolve("canonical/demo-pg")).resolve("canonical.json");
        Files.writeString(corrupt, "");
        Files.writeString(corrupt.resolveSibling("changed.json"), "");
        store.putMark("demo-web", new CanonicalMark("quick-5", 4646, "t"));
        CanonicalJanitor janitor = janitor(record -> restored.add(record.domain()));

        assertThat(janitor.repairMarked()).containsExactly(DOMAIN);
        assertThat(janitor.reapTenants()).isEmpty();

        assertThat(restored).containsExactly(DOMAIN);
        assertThat(janitor.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).contains(corrupt.toString()));
    }

    @Test
    void aCorruptMarkIsRepairedAsTheMarkOfAnUnknownRun() throws Exception {
        Files.writeString(dir.resolve("canonical/demo-web/changed.json"), "{\"run_id\": ");
        CanonicalJanitor janitor = janitor(record -> restored.add(record.domain()));

        assertThat(janitor.repairMarked()).containsExactly(DOMAIN);

        assertThat(restored).containsExactly(DOMAIN);
        assertThat(store.mark("demo-web")).isEmpty();
        assertThat(janitor.problems()).isEmpty();
    }

    @Test
    void aCorruptTenantRecordIsSetAsideNamedAndTheOthersAreStillReaped() throws Exception {
        store.putTenant("demo-web", DEAD);
        Path corrupt = dir.resolve("canonical/demo-web/tenants/ccci-0000000000.json");
        Files.writeString(corrupt, "{\"tenant\": \"ccci-0000000000\"}"); // no owner: nobody can tell whose it is
        List<String> removed = new ArrayList<>();
        CanonicalJanitor janitor = tenantJanitor((provider, tenant) -> {
            removed.add(tenant.tenant());
            store.forgetTenant(provider.recipe(), tenant.tenant());
            return true;
        });

        assertThat(janitor.reapTenants()).containsExactly(DEAD.tenant());

        assertThat(removed).containsExactly(DEAD.tenant());
        assertThat(corrupt).doesNotExist();
        try (var files = Files.list(corrupt.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString()
                    .startsWith("ccci-0000000000.json.corrupt-");
        }
        assertThat(janitor.problems()).singleElement().asString().contains(corrupt.toString()).contains("owner_domain");
        assertThat(store.tenants("demo-web")).isEmpty();
    }
}
