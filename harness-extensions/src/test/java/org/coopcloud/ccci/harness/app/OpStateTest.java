package org.coopcloud.ccci.harness.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OpState}: the JSON file one rung leaves for the next (and for child processes). */
class OpStateTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingOrEmptyFileHasNoValues() throws Exception {
        assertThat(new OpState(tmp.resolve("missing.json")).get(OpState.BACKUP_ID)).isEmpty();
        Path empty = Files.createFile(tmp.resolve("empty.json"));
        assertThat(new OpState(empty).get(OpState.SEEDED)).isEmpty();
        Path initial = Files.writeString(tmp.resolve("initial.json"), "{}"); // what RunStateFiles writes
        assertThat(new OpState(initial).get(OpState.SEEDED)).isEmpty();
    }

    @Test
    void putKeepsEveryOtherKeyAndAnotherInstanceReadsTheFile() throws Exception {
        Path file = tmp.resolve("op-state.json");
        OpState state = new OpState(file);
        state.put(OpState.BACKUP_ID, "20261123T033000Z-abc123");
        state.put(OpState.SEEDED, "token \"quoted\" \\ back");
        state.put(OpState.BACKUP_ID, "20261123T040000Z-def456");

        OpState other = new OpState(file);
        assertThat(other.get(OpState.BACKUP_ID)).contains("20261123T040000Z-def456");
        assertThat(other.get(OpState.SEEDED)).contains("token \"quoted\" \\ back");
        assertThat(Files.readString(file)).startsWith("{").contains("\"backup_id\"", "\"seeded\"");
    }

    @Test
    void aValueAChildWroteAsANumberReadsAsText() throws Exception {
        Path file = Files.writeString(tmp.resolve("op-state.json"), "{\"count\": 3, \"seeded\": \"x\"}");
        assertThat(new OpState(file).get("count")).contains("3");
    }

    @Test
    void concurrentPutsOnOneInstanceLoseNothing() throws Exception {
        OpState state = new OpState(tmp.resolve("op-state.json"));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int n = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 25; i++) {
                        state.put("k" + n + "-" + i, "v" + i);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 25; i++) {
                assertThat(state.get("k" + t + "-" + i)).contains("v" + i);
            }
        }
    }
}
