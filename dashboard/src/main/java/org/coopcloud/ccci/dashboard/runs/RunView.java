package org.coopcloud.ccci.dashboard.runs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run directory as the dashboard shows it, whichever host it came from.
 *
 * @param id        the directory's name: the run id (the Drone build number under Drone)
 * @param recipe    from results.json, else from the run.start event; empty when neither is readable
 * @param recorded  what results.json says, when it is readable
 * @param problem   what is wrong with the run's files, when something is
 * @param when      when the run started (results.json, else its first event, else the directory's time)
 * @param files     the run's files a user may open, relative to the directory, in a stable order
 */
public record RunView(String id, Path directory, RunState state, Optional<String> recipe,
        Optional<ResultsJsonReader.Recorded> recorded, Optional<String> problem, Instant when, List<String> files) {

    public RunView {
        files = List.copyOf(files);
    }

    /** What the run tested; empty until its results.json is readable. */
    public Optional<RunKind> kind() {
        return recorded.map(ResultsJsonReader.Recorded::kind);
    }

    /** The commit the run deployed: results.json's {@code commit}, else its ref when that is a sha. */
    public Optional<String> commit() {
        return recorded.flatMap(r -> r.commit().or(() -> r.results().spec().ref().filter(ref -> ref.matches("[0-9a-f]{7,40}"))));
    }

    /** The app's landing page: the file results.json names, else app-screenshot.png when the run has one. */
    public Optional<String> screenshot() {
        return recorded.flatMap(ResultsJsonReader.Recorded::screenshot).filter(files::contains)
                .or(() -> files.contains(RunFiles.SCREENSHOT) ? Optional.of(RunFiles.SCREENSHOT) : Optional.empty());
    }
}
