package org.coopcloud.ccci.dashboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.dashboard.testing.RunDirs;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run index (SQLite) under the catalog: built from the run directories, kept in the store across
 * restarts, rebuilt when missing, damaged or of another schema, and kept up to date as runs arrive.
 */
class RunCatalogIndexTest {
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T.plusSeconds(86_400), ZoneOffset.UTC);

    @TempDir
    Path work;

    private RunCatalog open(Path runs, Path indexFile) {
        return new RunCatalog(List.of(new RunCatalog.Source(runs, true)), CLOCK, Optional.of(indexFile));
    }

    @Test
    void theIndexHoldsWhatThePagesAskByWithTheKindOfOlderRunsDefaulted() throws Exception {
        Path runs = work.resolve("runs");
        RunDirs.run(runs, "1", "demo-web", T, 2, "backup failed");
        RunDirs.write(runs, RunDirs.results("2", "demo-web", T.plusSeconds(60), StepResult.PASSED, RunDirs.passedRungs(), true), "");
        Path main = RunDirs.run(runs, "3", "demo-web", T.plusSeconds(120), 4, "");
        // A run of the new schema's fields (contract: kind, trigger, commit), on the default branch.
        RunDirs.amend(main, java.util.Map.of("kind", "main", "trigger", "scheduled", "commit", "0123456789abcdef0123456789abcdef01234567"));
        try (RunCatalog catalog = open(runs, work.resolve("index.sqlite"))) {
            RunIndex.Row pr = catalog.indexRow("1").orElseThrow();
            assertThat(pr.kind()).as("an old run with a PR number").isEqualTo("pr");
            assertThat(pr.trigger()).isEqualTo("manual");
            assertThat(pr.pr()).isEqualTo(12);
            assertThat(pr.ref()).isEqualTo("3f2a9c1");
            assertThat(pr.level()).isEqualTo(2);
            assertThat(pr.verdict()).isEqualTo("app-failed");
            assertThat(pr.rungs()).containsEntry(Stage.INSTALL, "pass").containsEntry(Stage.BACKUP, "fail")
                    .containsEntry(Stage.CUSTOM, "unverified");
            assertThat(pr.finishedAt()).isEqualTo(T.toEpochMilli() + 83_000);
            assertThat(catalog.indexRow("2").orElseThrow().quick()).isTrue();
            RunIndex.Row scheduled = catalog.indexRow("3").orElseThrow();
            assertThat(scheduled.kind()).isEqualTo("main");
            assertThat(scheduled.trigger()).isEqualTo("scheduled");
            assertThat(scheduled.commit()).isEqualTo("0123456789abcdef0123456789abcdef01234567");

            assertThat(catalog.latest("demo-web").orElseThrow().id()).isEqualTo("3");
            assertThat(catalog.countOf("demo-web")).isEqualTo(3);
            assertThat(catalog.ofRecipe("demo-web", 2)).extracting(RunView::id).containsExactly("3", "2");
            RunCatalog.RecipeRuns group = catalog.newestByRecipe(2).get(0);
            assertThat(group.recipe()).isEqualTo("demo-web");
            assertThat(group.total()).isEqualTo(3);
            assertThat(group.newest()).extracting(RunView::id).containsExactly("3", "2");
        }
    }

    @Test
    void theIndexOutlivesARestartAndIsRebuiltWhenMissingDamagedOrOfAnotherSchema() throws Exception {
        Path runs = work.resolve("runs");
        RunDirs.run(runs, "1", "demo-web", T, 4, "");
        RunDirs.run(runs, "2", "gitea", T.plusSeconds(60), 1, "upgrade failed");
        Path indexFile = work.resolve("store/.index.sqlite");
        try (RunCatalog catalog = open(runs, indexFile)) {
            assertThat(catalog.newestByRecipe(12)).extracting(RunCatalog.RecipeRuns::recipe).containsExactly("demo-web", "gitea");
        }
        assertThat(indexFile).isRegularFile();

        // Runs that went while the dashboard was down leave the index; new ones enter it.
        deleteTree(runs.resolve("2"));
        RunDirs.run(runs, "3", "nextcloud", T.plusSeconds(120), 3, "custom failed");
        try (RunCatalog catalog = open(runs, indexFile)) {
            assertThat(catalog.newestByRecipe(12)).extracting(RunCatalog.RecipeRuns::recipe).containsExactly("demo-web", "nextcloud");
        }

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + indexFile); Statement s = db.createStatement()) {
            s.execute("UPDATE meta SET value = '0:old' WHERE key = 'schema'");
            s.execute("DELETE FROM runs");
        }
        try (RunCatalog catalog = open(runs, indexFile)) {
            assertThat(catalog.countOf("demo-web")).as("rebuilt after a schema change").isEqualTo(1);
            assertThat(catalog.countOf("nextcloud")).isEqualTo(1);
        }

        for (String suffix : List.of("-wal", "-shm")) {
            Files.deleteIfExists(Path.of(indexFile + suffix));
        }
        Files.writeString(indexFile, "this is not a database, but it is where the index was");
        try (RunCatalog catalog = open(runs, indexFile)) {
            assertThat(catalog.countOf("demo-web")).as("rebuilt after damage").isEqualTo(1);
        }

        Files.delete(indexFile);
        try (RunCatalog catalog = open(runs, indexFile)) {
            assertThat(catalog.countOf("nextcloud")).as("rebuilt when missing").isEqualTo(1);
        }
    }

    @Test
    void runsThatArriveOrChangeWhileTheDashboardRunsReachTheIndexWithoutARequest() throws Exception {
        Path runs = Files.createDirectories(work.resolve("runs"));
        Clock now = Clock.systemUTC();
        try (RunCatalog catalog = new RunCatalog(List.of(new RunCatalog.Source(runs, true)), now, Optional.of(work.resolve("i.sqlite")))) {
            assertThat(catalog.newestByRecipe(12)).isEmpty();
            Path live = Files.createDirectories(runs.resolve("7"));
            Files.writeString(live.resolve("events.jsonl"), "{\"ts\":\"" + Instant.now() + "\",\"event\":\"run.start\",\"recipe\":\"demo-web\"}\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> catalog.latest("demo-web").map(RunView::state),
                    state -> state.equals(Optional.of(RunState.RUNNING)));

            RunDirs.run(runs, "7", "demo-web", Instant.now(), 3, "custom failed");
            await().atMost(Duration.ofSeconds(60)).until(() -> catalog.latest("demo-web").map(RunView::state),
                    state -> state.equals(Optional.of(RunState.COMPLETE)));
            assertThat(catalog.indexRow("7").orElseThrow().level()).isEqualTo(3);

            deleteTree(runs.resolve("7"));
            await().atMost(Duration.ofSeconds(60)).until(() -> catalog.latest("demo-web").isEmpty());
        }
    }

    @Test
    void aRunInTheStoreAndTheRunsDirIsIndexedOnceAsThePublishedCopy() throws Exception {
        Path store = work.resolve("store");
        Path runs = work.resolve("runs");
        RunDirs.run(store, "5", "demo-web", T, 4, "");
        RunDirs.run(runs, "5", "demo-web", T, 1, "upgrade failed");
        try (RunCatalog catalog = new RunCatalog(List.of(new RunCatalog.Source(store, false), new RunCatalog.Source(runs, true)),
                CLOCK, Optional.of(work.resolve("i.sqlite")))) {
            assertThat(catalog.all()).hasSize(1);
            assertThat(catalog.find("5").orElseThrow().directory()).isEqualTo(store.resolve("5"));
            assertThat(catalog.indexRow("5").orElseThrow().level()).isEqualTo(4);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
