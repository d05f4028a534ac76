package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.coopcloud.ccci.bridge.doubles.GiteaDouble;
import org.coopcloud.ccci.bridge.store.Request;
import org.coopcloud.ccci.bridge.store.RequestState;
import org.coopcloud.ccci.bridge.store.RequestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge as a real process ({@code BridgeMain}), killed with SIGKILL at the worst moments: while
 * its trigger is on the wire (Drone has or has not created the build) and while its PR comment is on
 * the wire (Gitea has or has not stored it). A restarted bridge on the same record must end with
 * exactly one build and one comment: nothing lost, nothing doubled.
 */
class CrashRecoveryTest extends BridgeTestBase {
    static final String SHA = "5555555555555555555555555555555555555555";
    static final String BUILDS = "/api/repos/coop-cloud/cc-ci/builds";
    static final String COMMENTS = "/api/v1/repos/recipes/demo-web/issues/9/comments";

    Process process;
    Path log;

    @BeforeEach
    void openPullWithRequest() {
        f.gitea.openPull(BridgeFixture.REPO, 9, SHA);
        f.gitea.push(BridgeFixture.REPO, 9, SHA);
        f.gitea.comment(BridgeFixture.REPO, 9, "alice", "!testme");
        log = dir.resolve("bridge.log");
    }

    @AfterEach
    void stopProcessAndCheckItsLog() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (Files.exists(log)) {
            assertThat(Files.readString(log)).doesNotContain(f.giteaToken).doesNotContain(f.droneToken);
        }
    }

    @Test
    void killedAfterRecordingTheTriggerBeforeDroneCreatedTheBuild() throws Exception {
        CountDownLatch onTheWire = f.drone.hangNext("POST", BUILDS, true);
        startAndKillWhen(onTheWire);
        Request recorded = recorded();
        assertThat(recorded.state()).isEqualTo(RequestState.TRIGGERING);
        assertThat(recorded.triggerSentAt()).isNotNull();
        assertThat(f.drone.builds()).isEmpty();

        restartAndSettle();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
    }

    @Test
    void killedAfterDroneCreatedTheBuildBeforeTheAnswerArrived() throws Exception {
        CountDownLatch onTheWire = f.drone.hangNext("POST", BUILDS, false);
        startAndKillWhen(onTheWire);
        assertThat(recorded().buildNumber()).isNull();
        assertThat(f.drone.builds()).hasSize(1);

        restartAndSettle();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
        assertThat(recorded().buildNumber()).isEqualTo(1L);
    }

    @Test
    void killedBetweenTheTriggerAndTheCommentBeforeGiteaStoredIt() throws Exception {
        CountDownLatch onTheWire = f.gitea.hangNext("POST", COMMENTS, true);
        startAndKillWhen(onTheWire);
        assertThat(recorded().state()).isEqualTo(RequestState.TRIGGERED);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).isEmpty();

        restartAndSettle();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
    }

    @Test
    void killedBetweenTheTriggerAndTheCommentAfterGiteaStoredIt() throws Exception {
        CountDownLatch onTheWire = f.gitea.hangNext("POST", COMMENTS, false);
        startAndKillWhen(onTheWire);
        assertThat(recorded().replyId()).isNull();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);

        restartAndSettle();
        assertThat(f.drone.builds()).hasSize(1);
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
        assertThat(recorded().replyId()).isEqualTo(f.gitea.commentsBy(GiteaDouble.BOT).get(0).id());
    }

    @Test
    void sigtermStopsTheBridgePromptlyEvenInTheMiddleOfACall() throws Exception {
        CountDownLatch onTheWire = f.gitea.hangNext("POST", COMMENTS, true);
        start();
        assertThat(onTheWire.await(60, TimeUnit.SECONDS)).isTrue();
        process.destroy(); // SIGTERM, as systemctl stop sends
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s; log:%n%s", readLog()).isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(readLog()).contains("ccci bridge: stopping");

        restartAndSettle();
        assertThat(f.gitea.commentsBy(GiteaDouble.BOT)).hasSize(1);
    }

    private void startAndKillWhen(CountDownLatch onTheWire) throws Exception {
        start();
        boolean arrived = onTheWire.await(60, TimeUnit.SECONDS);
        assertThat(arrived).as("the bridge process reached the call; its log:%n%s", readLog()).isTrue();
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
    }

    private void start() throws Exception {
        Properties p = f.properties(false);
        p.setProperty("http.timeout.seconds", "60"); // the call is still waiting when the process dies
        Path config = dir.resolve("bridge.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            p.store(out, "bridge under test");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BridgeMain.class.getName(), "--config", config.toString());
        pb.environment().putAll(f.env());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
    }

    private void restartAndSettle() throws Exception {
        bridge = f.bridge(false);
        for (int i = 0; i < 3; i++) {
            bridge.runOnce();
        }
        assertThat(bridge.store().all()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(RequestState.RUNNING));
    }

    private Request recorded() throws Exception {
        try (RequestStore store = new RequestStore(f.db)) {
            List<Request> all = store.all();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "(no log)";
        }
    }

}
