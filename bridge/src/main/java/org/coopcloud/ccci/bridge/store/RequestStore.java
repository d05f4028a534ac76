package org.coopcloud.ccci.bridge.store;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of requests, in one SQLite file: the handled comment ids (the primary key, so
 * a comment delivered twice, by the poll and by the webhook, is claimed once), each request's
 * state, build and reply, and each repo's poll cursor. Every write is committed with
 * {@code synchronous=FULL} before the caller makes the side effect it prepares.
 */
public final class RequestStore implements AutoCloseable {
    private final Connection db;

    public RequestStore(Path file) throws IOException, SQLException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS requests (
                      comment_id INTEGER PRIMARY KEY,
                      repo TEXT NOT NULL,
                      pr INTEGER NOT NULL,
                      sha TEXT NOT NULL,
                      commenter TEXT NOT NULL,
                      quick INTEGER NOT NULL,
                      source TEXT NOT NULL,
                      state TEXT NOT NULL,
                      build_number INTEGER,
                      reply_id INTEGER,
                      received_at INTEGER NOT NULL,
                      trigger_sent_at INTEGER,
                      reply_sent_at INTEGER,
                      finished_seen_at INTEGER)""");
            s.execute("CREATE TABLE IF NOT EXISTS cursors (repo TEXT PRIMARY KEY, since TEXT NOT NULL)");
            // Each head the bridge has seen a PR at, with the earliest time (Gitea's clock) it saw it there.
            s.execute("""
                    CREATE TABLE IF NOT EXISTS heads (
                      repo TEXT NOT NULL,
                      pr INTEGER NOT NULL,
                      sha TEXT NOT NULL,
                      first_seen INTEGER NOT NULL,
                      PRIMARY KEY (repo, pr, sha))""");
            addColumnIfMissing(s, "requests", "comment_created_at", "INTEGER");
            addColumnIfMissing(s, "requests", "refusal", "TEXT");
        }
    }

    /** A record written by an older bridge lacks the newer columns; they are added empty (SQLite keeps the rows). */
    private static void addColumnIfMissing(Statement s, String table, String column, String type) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (rs.getString("name").equals(column)) {
                    return;
                }
            }
        }
        s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
    }

    /**
     * Notes that PR {@code pr} of {@code repo} had head {@code sha} at {@code seenAt} (Gitea's clock:
     * the {@code Date} of the answer that showed it); only the earliest sighting of a head is kept.
     */
    public synchronized void sawHead(String repo, long pr, String sha, Instant seenAt) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                INSERT INTO heads (repo, pr, sha, first_seen) VALUES (?, ?, ?, ?)
                ON CONFLICT(repo, pr, sha) DO UPDATE SET first_seen = excluded.first_seen WHERE excluded.first_seen < heads.first_seen""")) {
            s.setString(1, repo);
            s.setLong(2, pr);
            s.setString(3, sha);
            s.setLong(4, seenAt.getEpochSecond());
            s.executeUpdate();
        }
    }

    /** Every head the bridge has seen on the PR. */
    public synchronized List<String> headsSeen(String repo, long pr) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT sha FROM heads WHERE repo = ? AND pr = ? ORDER BY first_seen")) {
            s.setString(1, repo);
            s.setLong(2, pr);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /** The earliest time the bridge saw {@code sha} as the head of the PR, if it ever did. */
    public synchronized Optional<Instant> firstSeenAsHead(String repo, long pr, String sha) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT first_seen FROM heads WHERE repo = ? AND pr = ? AND sha = ?")) {
            s.setString(1, repo);
            s.setLong(2, pr);
            s.setString(3, sha);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Instant.ofEpochSecond(rs.getLong(1))) : Optional.empty();
            }
        }
    }

    /** Records a new request; false when this comment was already claimed (by either path). */
    public synchronized boolean claim(Request request) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                INSERT OR IGNORE INTO requests (comment_id, repo, pr, sha, commenter, quick, source, state, received_at,
                  comment_created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setLong(1, request.commentId());
            s.setString(2, request.repo());
            s.setLong(3, request.pr());
            s.setString(4, request.sha());
            s.setString(5, request.commenter());
            s.setInt(6, request.quick() ? 1 : 0);
            s.setString(7, request.source());
            s.setString(8, request.state().name());
            s.setLong(9, request.receivedAt());
            setLong(s, 10, request.commentCreatedAt());
            return s.executeUpdate() == 1;
        }
    }

    public synchronized void save(Request r) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                UPDATE requests SET state = ?, build_number = ?, reply_id = ?, trigger_sent_at = ?, reply_sent_at = ?,
                  finished_seen_at = ?, refusal = ? WHERE comment_id = ?""")) {
            s.setString(1, r.state().name());
            setLong(s, 2, r.buildNumber());
            setLong(s, 3, r.replyId());
            setLong(s, 4, r.triggerSentAt());
            setLong(s, 5, r.replySentAt());
            setLong(s, 6, r.finishedSeenAt());
            s.setString(7, r.refusal() == null ? null : r.refusal().name());
            s.setLong(8, r.commentId());
            if (s.executeUpdate() != 1) {
                throw new SQLException("request " + r.commentId() + " is not in the record");
            }
        }
    }

    public synchronized Optional<Request> find(long commentId) throws SQLException {
        return all().stream().filter(r -> r.commentId() == commentId).findFirst();
    }

    /** The requests not yet finished, oldest first. */
    public synchronized List<Request> unfinished() throws SQLException {
        return query("SELECT * FROM requests WHERE state NOT IN ('REFUSED', 'DONE') ORDER BY received_at, comment_id");
    }

    public synchronized List<Request> all() throws SQLException {
        return query("SELECT * FROM requests ORDER BY received_at, comment_id");
    }

    public synchronized Optional<Instant> cursor(String repo) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT since FROM cursors WHERE repo = ?")) {
            s.setString(1, repo);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Instant.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    public synchronized void setCursor(String repo, Instant since) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "INSERT INTO cursors (repo, since) VALUES (?, ?) ON CONFLICT(repo) DO UPDATE SET since = excluded.since")) {
            s.setString(1, repo);
            s.setString(2, since.toString());
            s.executeUpdate();
        }
    }

    private List<Request> query(String sql) throws SQLException {
        List<Request> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new Request(rs.getLong("comment_id"), rs.getString("repo"), rs.getLong("pr"), rs.getString("sha"),
                        rs.getString("commenter"), rs.getInt("quick") == 1, rs.getString("source"),
                        RequestState.valueOf(rs.getString("state")), getLong(rs, "build_number"), getLong(rs, "reply_id"),
                        rs.getLong("received_at"), getLong(rs, "trigger_sent_at"), getLong(rs, "reply_sent_at"),
                        getLong(rs, "finished_seen_at"), getLong(rs, "comment_created_at"),
                        rs.getString("refusal") == null ? null : Refusal.valueOf(rs.getString("refusal"))));
            }
        }
        return out;
    }

    private static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setLong(index, value);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
