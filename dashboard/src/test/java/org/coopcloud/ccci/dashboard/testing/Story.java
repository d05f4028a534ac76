package org.coopcloud.ccci.dashboard.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs directory a maintainer meets in issue 20, written once for the browser tests and the
 * docs' pictures: demo-web at level 4 on main, then a PR whose backup fails (with the harness's
 * cause and links), a PR run still going (with the harness's ETA event), one main commit that got
 * two verdicts (a flake); gitea with a main run and a PR's infrastructure error; nextcloud with PR
 * runs only (main has no run yet).
 */
public final class Story {
    public static final Instant T = Instant.parse("2026-11-29T09:00:00Z");
    /** The dashboard's clock: the running run started four minutes before it. */
    public static final Clock CLOCK = Clock.fixed(T.plusSeconds(3 * 3600), ZoneOffset.UTC);
    public static final String MAIN_COMMIT = "5d1c0ffee5d1c0ffee5d1c0ffee5d1c0ffee5d1c";
    public static final String PR_COMMIT = "9a8b7c6d5e4f9a8b7c6d5e4f9a8b7c6d5e4f9a8b";
    public static final String FATAL = "store: fatal: STORE_QUOTA is not set";

    private Story() {
    }

    public static void write(Path runs) {
        main(RunDirs.mainRun(runs, "200", "demo-web", T, 4, ""), MAIN_COMMIT.replace('5', '6'));
        main(RunDirs.mainRun(runs, "203", "demo-web", T.plusSeconds(1200), 2, "backup failed: restic exited 1 (lock held)"), MAIN_COMMIT);
        main(RunDirs.mainRun(runs, "205", "demo-web", T.plusSeconds(2400), 4, ""), MAIN_COMMIT);
        Path pr = RunDirs.run(runs, "210", "demo-web", T.plusSeconds(7200), 2,
                "backup failed: the backup service exited 1\n" + FATAL + "\nrestic: repository not initialised");
        Map<String, Object> prFields = new HashMap<>();
        prFields.put("kind", "pr");
        prFields.put("trigger", "testme");
        prFields.put("commit", PR_COMMIT);
        prFields.put("links", Map.of("pr", "https://git.coopcloud.tech/coop-cloud/demo-web/pulls/12",
                "commit", "https://git.coopcloud.tech/coop-cloud/demo-web/commit/" + PR_COMMIT,
                "build", "https://build.coopcloud.tech/coop-cloud/demo-web/210"));
        prFields.put("cause", Map.of("summary", "backup: the store service exits at start: STORE_QUOTA is not set",
                "where", "store", "lines", List.of("2026-11-29T11:00:31Z " + FATAL, "2026-11-29T11:00:31Z store: exiting with status 1")));
        RunDirs.amend(pr, prFields);
        Instant started = CLOCK.instant().minusSeconds(240);
        RunDirs.running(runs, "215", "demo-web", started,
                "{\"ts\":\"" + started.plusSeconds(1) + "\",\"event\":\"run.estimate\",\"expected_seconds\":540,\"expected_finish\":\""
                        + started.plusSeconds(540) + "\",\"from_runs\":3}",
                "{\"ts\":\"" + started.plusSeconds(20) + "\",\"event\":\"setup.done\",\"status\":\"pass\"}",
                "{\"ts\":\"" + started.plusSeconds(21) + "\",\"event\":\"tier.start\",\"stage\":\"install\"}",
                "{\"ts\":\"" + started.plusSeconds(90) + "\",\"event\":\"tier.done\",\"stage\":\"install\",\"status\":\"pass\"}",
                "{\"ts\":\"" + started.plusSeconds(91) + "\",\"event\":\"tier.start\",\"stage\":\"upgrade\"}");
        main(RunDirs.mainRun(runs, "201", "gitea", T.plusSeconds(600), 3, "custom failed: admin login answered 500"), MAIN_COMMIT);
        RunDirs.infrastructureError(runs, "207", "gitea", T.plusSeconds(5000));
        RunDirs.run(runs, "208", "nextcloud", T.plusSeconds(3000), 1, "upgrade failed: HTTP 502 from https://nextcloud.ci.test/");
        RunDirs.run(runs, "209", "nextcloud", T.plusSeconds(3600), 4, "");
    }

    private static void main(Path run, String commit) {
        RunDirs.amend(run, Map.of("kind", "main", "trigger", "scheduled", "commit", commit));
    }
}
