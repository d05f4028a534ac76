package org.coopcloud.ccci.engine.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.FailureCause;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.junit.jupiter.api.Test;

/** results.json schema 2 written and read back, the run kinds, and the cause read from a reason. */
class ResultsJsonRoundTripTest {

    @Test
    void aRunReadBackRendersTheSameCommentAndKeepsKindTriggerCommitLinksAndCause() throws Exception {
        RunSpec spec = new RunSpec("demo-web", Optional.of("pr-head"), Optional.of(7), Optional.of("coop-cloud/demo-web"),
                Set.of(Stage.values()), false);
        RunOrigin origin = new RunOrigin(RunKind.PR, RunTrigger.TESTME, Optional.of("bf668997b9fa561cc8f54de3323f6cfe65b6c3bb"),
                new RunOrigin.Links(Optional.of("https://git.example/coop-cloud/demo-web/pulls/7"),
                        Optional.of("https://git.example/coop-cloud/demo-web/commit/bf66"), Optional.of("https://drone.example/1")));
        FailureCause cause = FailureCause.of("install: store keeps failing", "store", List.of("store: fatal: STORE_QUOTA is not set"));
        RunResults written = new RunResults(spec, "1", "d", "s", Instant.parse("2026-12-07T19:00:00Z"), 1000,
                StepResult.failed("install: long reason\n  | store: fatal: STORE_QUOTA is not set", FailureKind.APP),
                List.of(new RungResult(Stage.INSTALL, RungStatus.FAIL, Optional.of("install: store keeps failing"),
                        Optional.of(FailureKind.APP), Map.of(), 9000)),
                StepResult.PASSED, Optional.empty(), Map.of(), origin, Optional.of(cause));

        String json = JSON.std.asString(ResultsJson.toMap(written));
        RunResults read = ResultsJsonReader.read(json);

        assertThat(JSON.std.mapFrom(json)).containsEntry("schema", 2).containsEntry("kind", "pr").containsEntry("trigger", "testme")
                .containsEntry("commit", "bf668997b9fa561cc8f54de3323f6cfe65b6c3bb");
        assertThat(read.origin()).isEqualTo(origin);
        assertThat(read.cause()).contains(cause);
        assertThat(RunReport.prComment(read, ReportLinks.NONE, Baseline.of("main", Optional.of(4))))
                .isEqualTo(RunReport.prComment(written, ReportLinks.NONE, Baseline.of("main", Optional.of(4))));
    }

    @Test
    void whatARunDidNotCheckAndItsPeakMemoryAreWrittenReadBackAndNamedOnceInTheComment() throws Exception {
        RunSpec spec = new RunSpec("demo-mail", Optional.empty(), Optional.of(3), Optional.empty(), Set.of(Stage.values()), false);
        List<String> notChecked = List.of("tcp router s_smtp of service app: not checked (cc-ci reaches apps over HTTP only)",
                "middlewares s-auth of router s (service app): not checked (the sandbox's ingress does not apply middlewares)",
                "udp router s_dns of service app: not checked", "tcp router s_imap of service app: not checked");
        RunResults written = new RunResults(spec, "2", "d", "s", Instant.parse("2026-12-07T19:00:00Z"), 1000, StepResult.PASSED,
                List.of(new RungResult(Stage.INSTALL, RungStatus.PASS, Optional.empty(), Optional.empty(), Map.of(), 9000)),
                StepResult.PASSED, Optional.empty(), Map.of(), RunOrigin.of(spec), Optional.empty(),
                new RunNotes(notChecked, Optional.of(5L * 1024 * 1024 * 1024)));

        String json = JSON.std.asString(ResultsJson.toMap(written));
        RunResults read = ResultsJsonReader.read(json);

        assertThat(read.notes()).isEqualTo(written.notes());
        assertThat(((Number) JSON.std.mapFrom(json).get("peak_memory_bytes")).longValue()).as("beyond an int").isEqualTo(5L << 30);
        String comment = RunReport.prComment(read, ReportLinks.NONE, Baseline.UNKNOWN);
        assertThat(comment).contains("Not checked: tcp router s\\_smtp of service app").contains("(and 1 more on the run page)")
                .doesNotContain("s\\_imap");
        assertThat(comment.lines().filter(l -> l.startsWith("Not checked:")).count()).isEqualTo(1);
        assertThat(RunReport.summary(read)).contains("not checked: tcp router s_imap of service app: not checked");
        assertThat(ResultsJsonReader.read(JSON.std.asString(ResultsJson.toMap(new RunResults(spec, "3", "d", "s",
                Instant.parse("2026-12-07T19:00:00Z"), 1, StepResult.PASSED, List.of(), StepResult.PASSED, Optional.empty()))))
                .notes()).as("nothing noted").isEqualTo(RunNotes.NONE);
    }

    @Test
    void aSchemaOneFileReadsWithTheContractsDefaults() throws Exception {
        String v1 = """
                {"schema":1,"recipe":"demo-web","run_id":"9","ref":null,"pr":14,"src":null,"quick":false,
                 "stages":["install"],"level":0,"verdict":"app-failed","started_at":"2026-12-01T10:00:00Z","duration_ms":5,
                 "setup":{"status":"pass"},"teardown":{"status":"pass"},
                 "rungs":[{"stage":"install","status":"fail","reason":"boom\\n  | x: error: it broke","failure_kind":"app"}]}""";

        RunResults read = ResultsJsonReader.read(v1);

        assertThat(read.origin().kind()).isEqualTo(RunKind.PR);
        assertThat(read.origin().trigger()).isEqualTo(RunTrigger.MANUAL);
        assertThat(read.cause()).contains(new FailureCause("boom", Optional.of("install"), List.of("x: error: it broke")));
        assertThatThrownBy(() -> ResultsJsonReader.read(v1.replace("\"schema\":1", "\"schema\":3")))
                .hasMessageContaining("'schema' is 3");
        assertThatThrownBy(() -> ResultsJsonReader.read(v1.replace("\"stages\":[\"install\"],", "")))
                .hasMessageContaining("field 'stages' is missing");
    }

    @Test
    void theKindComesFromTheSpec() {
        assertThat(RunKind.of(spec(Optional.empty(), Optional.empty(), true))).isEqualTo(RunKind.QUICK);
        assertThat(RunKind.of(spec(Optional.of("abc1234"), Optional.of(3), false))).isEqualTo(RunKind.PR);
        assertThat(RunKind.of(spec(Optional.of("1.2.0+3.4.5"), Optional.empty(), false))).isEqualTo(RunKind.RELEASE);
        assertThat(RunKind.of(spec(Optional.of("main"), Optional.empty(), false))).isEqualTo(RunKind.MAIN);
        assertThat(RunKind.of(spec(Optional.empty(), Optional.empty(), false))).isEqualTo(RunKind.MAIN);
    }

    @Test
    void aCauseReadFromAReasonKeepsTheLastErrorLookingLogLinesNotTheFirstCharacters() {
        String reason = "deploy: did not converge\n  task a: failed\n  last 4 log lines:\n    | starting\n"
                + "    | error: cannot open /data\n    | retrying\n    | fatal: giving up\nservice b: settled";

        FailureCause cause = FailureCause.fromReason("install", reason);

        assertThat(cause.summary()).isEqualTo("deploy: did not converge");
        assertThat(cause.lines()).containsExactly("error: cannot open /data", "fatal: giving up");
        assertThat(FailureCause.fromReason("x", "one line").lines()).isEmpty();
        assertThat(FailureCause.fromReason("x", "a".repeat(500)).summary()).hasSizeLessThanOrEqualTo(FailureCause.MAX_SUMMARY);
    }

    @Test
    void aLongOneLineReasonKeepsItsDecisiveEndInTheLinesBrokenBetweenClausesNeverCut() {
        // The wrong traefik port as the health check words it: what to fix comes last, past 300 characters.
        String reason = "install: the app converged but does not serve within 60 s: GET / at http://127.0.0.1:8480 (Host: "
                + "demo-2b6fbd.bb51e52.e2e.test) through the ingress: the routing to the app failed (502): router "
                + "demo-2b6fbd_bb51e52_e2e_test -> service demo-2b6fbd_bb51e52_e2e_test_app (traefik.http.services."
                + "demo-2b6fbd_bb51e52_e2e_test.loadbalancer.server.port=80): cannot connect to the task at 10.0.1.7:80 "
                + "(Connection refused): is traefik.http.services.demo-2b6fbd_bb51e52_e2e_test.loadbalancer.server.port "
                + "the port the app listens on?";

        FailureCause cause = FailureCause.fromReason("install", reason);

        assertThat(String.join("", cause.lines())).doesNotContain("…");
        assertThat(String.join(" ", cause.lines()).replace("  ", " ")).isEqualTo(reason);
        assertThat(cause.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(FailureCause.MAX_LINE));
        assertThat(cause.lines().get(cause.lines().size() - 1)).endsWith("the port the app listens on?");
    }

    private static RunSpec spec(Optional<String> ref, Optional<Integer> pr, boolean quick) {
        return new RunSpec("r", ref, pr, Optional.empty(), Set.of(Stage.values()), quick);
    }
}
