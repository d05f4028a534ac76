package org.coopcloud.ccci.engine.results;

import java.util.Optional;
import org.coopcloud.ccci.engine.api.RunSpec;

/**
 * Where a run came from: its kind, what started it, the commit it deployed, and links to the PR,
 * the commit and the build when they are known (results.json {@code kind}, {@code trigger},
 * {@code commit}, {@code links}).
 */
public record RunOrigin(RunKind kind, RunTrigger trigger, Optional<String> commit, Links links) {

    /** Web links; each empty when not known. Only plain http(s) URLs are kept. */
    public record Links(Optional<String> pr, Optional<String> commit, Optional<String> build) {
        public static final Links NONE = new Links(Optional.empty(), Optional.empty(), Optional.empty());

        public Links {
            pr = pr.filter(ReportLinks::isWebUrl);
            commit = commit.filter(ReportLinks::isWebUrl);
            build = build.filter(ReportLinks::isWebUrl);
        }
    }

    public RunOrigin {
        commit = commit.filter(c -> c.matches("[0-9a-f]{7,64}"));
    }

    /** What the spec alone says: its kind, started by hand, commit and links unknown. */
    public static RunOrigin of(RunSpec spec) {
        return new RunOrigin(RunKind.of(spec), RunTrigger.MANUAL, Optional.empty(), Links.NONE);
    }
}
