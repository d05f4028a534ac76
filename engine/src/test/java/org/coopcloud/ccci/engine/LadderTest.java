package org.coopcloud.ccci.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.results.Ladder;
import org.coopcloud.ccci.engine.results.RungResult;
import org.coopcloud.ccci.engine.results.RungStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LadderTest {
    /** install, upgrade, backup, restore, custom: P pass, F fail, S declared skip, U unverified, - absent. */
    static Stream<Arguments> ladder() {
        return Stream.of(
                Arguments.of("PPPPP", 4, "every rung passes"),
                Arguments.of("FPPPP", 0, "install failed: nothing above counts"),
                Arguments.of("PFPPP", 1, "upgrade failed"),
                Arguments.of("PPFPP", 2, "backup failed"),
                Arguments.of("PPPFP", 2, "restore failed: backup alone is not L3"),
                Arguments.of("PPPPF", 3, "custom checks failed"),
                Arguments.of("PPSSP", 4, "stateless recipe: backup and restore declared skip"),
                Arguments.of("PSPPP", 4, "upgrade declared not applicable"),
                Arguments.of("PUPPP", 1, "upgrade unverified blocks everything above it"),
                Arguments.of("PPUPP", 2, "backup unverified"),
                Arguments.of("PPPP-", 3, "custom absent counts as unverified"),
                Arguments.of("PPSSS", 2, "everything above upgrade declared skip: nothing above L2 proven"),
                Arguments.of("PSSSS", 1, "everything above install declared skip: nothing above L1 proven"),
                Arguments.of("PPPPS", 3, "custom declared skip"),
                Arguments.of("UUUUU", 0, "nothing ran"),
                Arguments.of("SPPPP", 4, "install declared skip (never in practice) still lets the ladder climb"),
                Arguments.of("-----", 0, "no results"));
    }

    @ParameterizedTest(name = "{0} -> L{1}: {2}")
    @MethodSource("ladder")
    void levelIsTheHighestPassingRungWithEveryRungBelowPassedOrDeclaredSkipped(String rungs, int level, String why) {
        assertThat(Ladder.level(parse(rungs))).as(why).isEqualTo(level);
    }

    private static List<RungResult> parse(String rungs) {
        List<RungResult> results = new ArrayList<>();
        Stage[] stages = Stage.values();
        for (int i = 0; i < stages.length; i++) {
            RungStatus status = switch (rungs.charAt(i)) {
                case 'P' -> RungStatus.PASS;
                case 'F' -> RungStatus.FAIL;
                case 'S' -> RungStatus.SKIP;
                case 'U' -> RungStatus.UNVERIFIED;
                default -> null;
            };
            if (status != null) {
                results.add(RungResult.of(stages[i], status, null));
            }
        }
        return results;
    }
}
