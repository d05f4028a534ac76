package org.coopcloud.ccci.dashboard.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * The dashboard's index of runs: one row a run, in SQLite, so a page or a badge is one query and
 * never a walk over the run directories. It is derived data: the run directories are the truth, and
 * the index is rebuilt from them when its file is missing, unreadable, or of another schema.
 *
 * <p>Columns hold what the pages ask by (recipe, kind, trigger, commit, start time), what they show
 * without parsing (level, verdict, each rung's status: the flake ledger compares these per commit),
 * and the results.json text itself, so a page builds its runs from the rows, not the disk.
 * One connection, used under this object's lock: every query is a millisecond or less, so 40
 * badges at once queue for a few milliseconds, and SQLite sees one writer.
 */
final class RunIndex implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RunIndex.class.getName());
    /** Bump when a column changes; the stage list is part of the schema (a rung column each). */
    static final String SCHEMA = "2:" + Arrays.stream(Stage.values()).map(Stage::id).collect(Collectors.joining(","));

    /** Every column but results.json's text, which is fetched only for a run not already built ({@link #resultsText}). */
    private static final String COLUMNS = "id, source, directory, stamps, state, recipe, kind, trigger, ref, pr, src, commit_sha, quick, "
            + "level, verdict, started_at, finished_at, duration_ms, "
            + Arrays.stream(Stage.values()).map(s -> "rung_" + s.id()).collect(Collectors.joining(", ")) + ", problem, files";

    private final Connection db;
    /** Counts the changes to the rows, so an answer built from them can be kept until the next change. */
    private volatile long generation;

    /** One run as indexed. Times are epoch milliseconds; absent values are null. */
    record Row(String id, int source, String directory, String stamps, RunState state, String recipe, String kind,
            String trigger, String ref, Integer pr, String src, String commit, boolean quick, Integer level, String verdict,
            long startedAt, Long finishedAt, Long durationMs, Map<Stage, String> rungs, String problem, List<String> files,
            String results) {
    }

    private RunIndex(Connection db) {
        this.db = db;
    }

    /** Opens the index at {@code file}, starting it afresh when it is unreadable or of another schema. */
    static RunIndex open(Path file) throws IOException {
        try {
            return openAs(file);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "run index " + file + " is unreadable (" + e.getMessage() + "); rebuilding it from the run directories");
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
            try {
                return openAs(file);
            } catch (SQLException again) {
                throw new IOException("cannot create the run index " + file + ": " + again.getMessage(), again);
            }
        }
    }

    private static RunIndex openAs(Path file) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // Derived data: a crash may lose the last rows, and the next start's reconcile puts them back.
            s.execute("PRAGMA synchronous=OFF");
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            String schema = null;
            try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
                if (rs.next()) {
                    schema = rs.getString(1);
                }
            }
            if (!SCHEMA.equals(schema)) {
                if (schema != null) {
                    LOG.info("run index " + file + " has schema " + schema + ", this dashboard " + SCHEMA + ": rebuilding it");
                }
                s.execute("DROP TABLE IF EXISTS runs");
                StringBuilder create = new StringBuilder("CREATE TABLE runs (id TEXT PRIMARY KEY, source INTEGER NOT NULL, "
                        + "directory TEXT NOT NULL, stamps TEXT NOT NULL, state TEXT NOT NULL, recipe TEXT NOT NULL, "
                        + "kind TEXT, trigger TEXT, ref TEXT, pr INTEGER, src TEXT, commit_sha TEXT, quick INTEGER NOT NULL, "
                        + "level INTEGER, verdict TEXT, started_at INTEGER NOT NULL, finished_at INTEGER, duration_ms INTEGER, ");
                for (Stage stage : Stage.values()) {
                    create.append("rung_").append(stage.id()).append(" TEXT, ");
                }
                create.append("problem TEXT, files TEXT NOT NULL, results TEXT)");
                s.execute(create.toString());
                s.execute("CREATE INDEX runs_by_recipe ON runs (recipe, started_at DESC, id DESC)");
                s.execute("CREATE INDEX runs_by_time ON runs (started_at DESC, id DESC)");
                s.execute("CREATE INDEX runs_by_commit ON runs (recipe, commit_sha)");
                s.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', '" + SCHEMA + "')");
            }
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return new RunIndex(db);
    }

    long generation() {
        return generation;
    }

    synchronized void upsert(Row row) {
        StringBuilder sql = new StringBuilder("INSERT OR REPLACE INTO runs (id, source, directory, stamps, state, recipe, kind, "
                + "trigger, ref, pr, src, commit_sha, quick, level, verdict, started_at, finished_at, duration_ms, ");
        for (Stage stage : Stage.values()) {
            sql.append("rung_").append(stage.id()).append(", ");
        }
        sql.append("problem, files, results) VALUES (").append("?, ".repeat(18 + Stage.values().length)).append("?, ?, ?)");
        try (PreparedStatement p = db.prepareStatement(sql.toString())) {
            int i = 1;
            p.setString(i++, row.id());
            p.setInt(i++, row.source());
            p.setString(i++, row.directory());
            p.setString(i++, row.stamps());
            p.setString(i++, row.state().name());
            p.setString(i++, row.recipe());
            p.setString(i++, row.kind());
            p.setString(i++, row.trigger());
            p.setString(i++, row.ref());
            setInteger(p, i++, row.pr() == null ? null : row.pr().longValue());
            p.setString(i++, row.src());
            p.setString(i++, row.commit());
            p.setInt(i++, row.quick() ? 1 : 0);
            setInteger(p, i++, row.level() == null ? null : row.level().longValue());
            p.setString(i++, row.verdict());
            p.setLong(i++, row.startedAt());
            setInteger(p, i++, row.finishedAt());
            setInteger(p, i++, row.durationMs());
            for (Stage stage : Stage.values()) {
                p.setString(i++, row.rungs().get(stage));
            }
            p.setString(i++, row.problem());
            p.setString(i++, String.join("\n", row.files()));
            p.setString(i, row.results());
            p.executeUpdate();
            generation++;
        } catch (SQLException e) {
            throw new IllegalStateException("run index: cannot record run " + row.id() + ": " + e.getMessage(), e);
        }
    }

    synchronized void delete(String id) {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM runs WHERE id = ?")) {
            p.setString(1, id);
            p.executeUpdate();
            generation++;
        } catch (SQLException e) {
            throw new IllegalStateException("run index: cannot remove run " + id + ": " + e.getMessage(), e);
        }
    }

    /** Every run's id with its source and stamps: what a reconcile compares with the directories. */
    synchronized Map<String, String[]> sourcesAndStamps() {
        Map<String, String[]> all = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT id, source, stamps, state, started_at FROM runs")) {
            while (rs.next()) {
                all.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run index: " + e.getMessage(), e);
        }
        return all;
    }

    /** Runs by a WHERE ... ORDER BY ... LIMIT clause over {@code runs}, with its parameters. */
    synchronized List<Row> select(String clause, Object... parameters) {
        try (PreparedStatement p = db.prepareStatement("SELECT " + COLUMNS + " FROM runs " + clause)) {
            bind(p, parameters);
            try (ResultSet rs = p.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run index: " + e.getMessage(), e);
        }
    }

    /**
     * Each recipe's newest {@code perRecipe} runs, newest first, with the recipe's run count: one
     * query with a window over the recipe index.
     */
    synchronized Map<String, Map.Entry<Integer, List<Row>>> newestByRecipe(int perRecipe) {
        // The window runs over the recipe index's own columns; only the rows it keeps are read whole.
        String sql = "SELECT " + COLUMNS.replaceAll("(^|, )", "$1r.") + ", w.total AS total FROM (SELECT id, "
                + "ROW_NUMBER() OVER (PARTITION BY recipe ORDER BY started_at DESC, id DESC) AS nth, "
                + "COUNT(*) OVER (PARTITION BY recipe) AS total FROM runs) w JOIN runs r ON r.id = w.id WHERE w.nth <= ? "
                + "ORDER BY r.recipe, w.nth";
        Map<String, Map.Entry<Integer, List<Row>>> groups = new LinkedHashMap<>();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setInt(1, perRecipe);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Row row = row(rs);
                    int total = rs.getInt("total");
                    groups.computeIfAbsent(row.recipe(), r -> Map.entry(total, new ArrayList<>())).getValue().add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run index: " + e.getMessage(), e);
        }
        return groups;
    }

    /** One recipe's line of the catalogue: its two newest main runs' level and verdict, and its newest scheduled run's start. */
    record CatalogueLine(String recipe, String runId, Integer level, String verdict, Long finishedAt, Integer previousLevel,
            String previousVerdict, Long lastScheduledAt, Map<Stage, Integer> flakyCommits) {
    }

    /** How many finished runs per recipe the flake counts look back over (as the recipe page's ledger). */
    static final int FLAKE_WINDOW = 50;

    /** Every recipe that has runs (the unreadable ones' group left out), from two grouped queries. */
    synchronized List<CatalogueLine> catalogue() {
        Map<String, Object[]> main = new LinkedHashMap<>();
        Map<String, Long> scheduled = new HashMap<>();
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT recipe, MAX(started_at) FROM runs WHERE trigger = 'scheduled' GROUP BY recipe")) {
                while (rs.next()) {
                    scheduled.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT recipe, id, level, verdict, finished_at, nth FROM (SELECT recipe, id, level, "
                    + "verdict, finished_at, ROW_NUMBER() OVER (PARTITION BY recipe ORDER BY started_at DESC, id DESC) AS nth "
                    + "FROM runs WHERE kind = 'main' AND state = 'COMPLETE') WHERE nth <= 2 ORDER BY recipe, nth")) {
                while (rs.next()) {
                    Object[] line = main.computeIfAbsent(rs.getString(1), r -> new Object[6]);
                    int offset = rs.getInt(6) == 1 ? 0 : 4;
                    if (offset == 0) {
                        line[0] = rs.getString(2);
                        line[1] = integer(rs, "level");
                        line[2] = rs.getString(4);
                        line[3] = longValue(rs, "finished_at");
                    } else {
                        line[4] = integer(rs, "level");
                        line[5] = rs.getString(4);
                    }
                }
            }
            // Per rung: the commits that both passed and failed it among each recipe's last finished runs.
            Map<String, Map<Stage, Integer>> flaky = new HashMap<>();
            for (Stage stage : Stage.values()) {
                String rung = "rung_" + stage.id();
                try (ResultSet rs = s.executeQuery("SELECT recipe, COUNT(*) FROM (SELECT recipe, commit_sha FROM (SELECT recipe, commit_sha, "
                        + rung + ", ROW_NUMBER() OVER (PARTITION BY recipe ORDER BY started_at DESC, id DESC) AS nth FROM runs "
                        + "WHERE state = 'COMPLETE' AND commit_sha IS NOT NULL AND commit_sha <> '') WHERE nth <= " + FLAKE_WINDOW
                        + " AND " + rung + " IN ('pass', 'fail') GROUP BY recipe, commit_sha HAVING COUNT(DISTINCT " + rung
                        + ") = 2) GROUP BY recipe")) {
                    while (rs.next()) {
                        flaky.computeIfAbsent(rs.getString(1), r -> new java.util.EnumMap<>(Stage.class)).put(stage, rs.getInt(2));
                    }
                }
            }
            List<CatalogueLine> lines = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT recipe FROM runs WHERE recipe <> '' ORDER BY recipe")) {
                while (rs.next()) {
                    String recipe = rs.getString(1);
                    Object[] m = main.getOrDefault(recipe, new Object[6]);
                    lines.add(new CatalogueLine(recipe, (String) m[0], (Integer) m[1], (String) m[2], (Long) m[3], (Integer) m[4],
                            (String) m[5], scheduled.get(recipe), flaky.getOrDefault(recipe, Map.of())));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new IllegalStateException("run index: " + e.getMessage(), e);
        }
    }

    /** Each recipe's baseline run: its newest finished main run, else its newest finished release run. */
    synchronized List<Row> baselines() {
        String sql = "SELECT " + COLUMNS.replaceAll("(^|, )", "$1r.") + " FROM (SELECT id, recipe, kind, ROW_NUMBER() OVER "
                + "(PARTITION BY recipe, kind ORDER BY started_at DESC, id DESC) AS nth FROM runs "
                + "WHERE state = 'COMPLETE' AND kind IN ('main', 'release')) w JOIN runs r ON r.id = w.id WHERE w.nth = 1 "
                + "ORDER BY r.recipe, CASE r.kind WHEN 'main' THEN 0 ELSE 1 END";
        List<Row> rows = new ArrayList<>();
        String last = null;
        try (PreparedStatement p = db.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Row row = row(rs);
                if (!row.recipe().equals(last)) {
                    rows.add(row); // main first within a recipe: a release run only where main has none
                    last = row.recipe();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run index: " + e.getMessage(), e);
        }
        return rows;
    }

    synchronized int count(String clause, Object... parameters) {
        try (PreparedStatement p = db.prepareStatement("SELECT COUNT(*) FROM runs " + clause)) {
            bind(p, parameters);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run index: " + e.getMessage(), e);
        }
    }

    /** Runs the work in one transaction (a rebuild of thousands of rows is one commit, not thousands). */
    synchronized void inTransaction(Runnable work) {
        try {
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run index: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement p, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            p.setObject(i + 1, parameters[i]);
        }
    }

    private static void setInteger(PreparedStatement p, int index, Long value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setLong(index, value);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        Map<Stage, String> rungs = new LinkedHashMap<>();
        for (Stage stage : Stage.values()) {
            String status = rs.getString("rung_" + stage.id());
            if (status != null) {
                rungs.put(stage, status);
            }
        }
        String files = rs.getString("files");
        return new Row(rs.getString("id"), rs.getInt("source"), rs.getString("directory"), rs.getString("stamps"),
                RunState.valueOf(rs.getString("state")), rs.getString("recipe"), rs.getString("kind"), rs.getString("trigger"),
                rs.getString("ref"), integer(rs, "pr"), rs.getString("src"), rs.getString("commit_sha"), rs.getInt("quick") == 1,
                integer(rs, "level"), rs.getString("verdict"), rs.getLong("started_at"), longValue(rs, "finished_at"),
                longValue(rs, "duration_ms"), rungs, rs.getString("problem"),
                files == null || files.isEmpty() ? List.of() : List.of(files.split("\n")), null);
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long longValue(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** results.json's text as indexed, for a run being built from its row. */
    synchronized Optional<String> resultsText(String id) {
        try (PreparedStatement p = db.prepareStatement("SELECT results FROM runs WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run index: " + e.getMessage(), e);
        }
    }

    Optional<Row> find(String id) {
        List<Row> rows = select("WHERE id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing the run index", e);
        }
    }
}
