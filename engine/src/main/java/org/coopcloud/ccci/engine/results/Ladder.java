package org.coopcloud.ccci.engine.results;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import org.coopcloud.ccci.engine.api.Stage;

/**
 * The level ladder of DESIGN section 5, as a pure function.
 *
 * <p>Level L is reached when every rung of level L or below passed or was declared skipped, and
 * at least one rung of level L passed. The level is the highest L reached, 0 when none is. A rung
 * missing from the results counts as unverified: it blocks every level from its own upwards.
 */
public final class Ladder {
    public static final int TOP = 4;

    private Ladder() {
    }

    public static int level(Collection<RungResult> rungs) {
        Map<Stage, RungResult> byStage = new EnumMap<>(Stage.class);
        rungs.forEach(r -> byStage.put(r.stage(), r));
        int level = 0;
        for (int candidate = 1; candidate <= TOP; candidate++) {
            boolean allBelowOk = true;
            boolean onePassesHere = false;
            for (Stage stage : Stage.values()) {
                if (stage.level() > candidate) {
                    continue;
                }
                RungResult rung = byStage.get(stage);
                if (rung == null || !rung.passedOrDeclaredSkip()) {
                    allBelowOk = false;
                }
                if (stage.level() == candidate && rung != null && rung.status() == RungStatus.PASS) {
                    onePassesHere = true;
                }
            }
            if (!allBelowOk) {
                break;
            }
            if (onePassesHere) {
                level = candidate;
            }
        }
        return level;
    }
}
