package org.coopcloud.ccci.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestStoreTest {
    @TempDir
    Path dir;

    @Test
    void aRecordWrittenByTheEarlierBridgeOpensWithItsRequestsAndTakesTheNewFields() throws Exception {
        Path db = dir.resolve("bridge.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE requests (comment_id INTEGER PRIMARY KEY, repo TEXT NOT NULL, pr INTEGER NOT NULL,
                      sha TEXT NOT NULL, commenter TEXT NOT NULL, quick INTEGER NOT NULL, source TEXT NOT NULL,
                      state TEXT NOT NULL, build_number INTEGER, reply_id INTEGER, received_at INTEGER NOT NULL,
                      trigger_sent_at INTEGER, reply_sent_at INTEGER, finished_seen_at INTEGER)""");
            s.execute("INSERT INTO requests (comment_id, repo, pr, sha, commenter, quick, source, state, received_at) "
                    + "VALUES (5, 'recipes/demo-web', 7, 'abc1234', 'alice', 0, 'poll', 'CLAIMED', 100)");
        }
        try (RequestStore store = new RequestStore(db)) {
            Request old = store.find(5).orElseThrow();
            assertThat(old.commentCreatedAt()).isNull();
            assertThat(old.refusal()).isNull();
            store.save(old.refusing(Refusal.HEAD_UNCONFIRMED));
            assertThat(store.find(5).orElseThrow().refusal()).isEqualTo(Refusal.HEAD_UNCONFIRMED);
        }
    }

    @Test
    void aHeadKeepsTheEarliestTimeItWasSeen() throws Exception {
        try (RequestStore store = new RequestStore(dir.resolve("bridge.db"))) {
            store.sawHead("recipes/demo-web", 7, "abc1234", Instant.ofEpochSecond(200));
            store.sawHead("recipes/demo-web", 7, "abc1234", Instant.ofEpochSecond(300));
            store.sawHead("recipes/demo-web", 7, "abc1234", Instant.ofEpochSecond(150));
            assertThat(store.firstSeenAsHead("recipes/demo-web", 7, "abc1234")).contains(Instant.ofEpochSecond(150));
            assertThat(store.firstSeenAsHead("recipes/demo-web", 8, "abc1234")).isEmpty();
        }
    }
}
