package org.coopcloud.ccci.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link VersionOrder}: recipe version tags by their recipe semver, numerically. */
class VersionOrderTest {
    private static List<String> sorted(String... tags) {
        List<String> list = new ArrayList<>(List.of(tags));
        list.sort(new VersionOrder());
        return list;
    }

    @Test
    void numbersCompareAsNumbersNotText() {
        assertThat(sorted("1.10.0", "1.9.0", "1.2.0")).containsExactly("1.2.0", "1.9.0", "1.10.0");
        assertThat(sorted("10.0.0", "9.9.9", "2.0.10", "2.0.9")).containsExactly("2.0.9", "2.0.10", "9.9.9", "10.0.0");
    }

    @Test
    void theUpstreamSuffixDoesNotDecideTheOrder() {
        assertThat(sorted("1.10.0+2.0.1", "1.9.0+10.4", "0.1.0+latest", "1.9.1+1.0"))
                .containsExactly("0.1.0+latest", "1.9.0+10.4", "1.9.1+1.0", "1.10.0+2.0.1");
        assertThat(new VersionOrder().compare("1.1.0+1.1", "1.0.0+9.9")).isPositive();
    }

    @Test
    void theSameRecipeVersionFallsBackToTheText() {
        VersionOrder order = new VersionOrder();
        assertThat(order.compare("1.0.0+1.0", "1.0.0+1.0")).isZero();
        assertThat(order.compare("1.0.0+1.0", "1.0.0+1.1")).isNegative();
        assertThat(order.compare("1.0.0", "1.0.0+1.0")).isNegative();
    }

    @Test
    void versionTagPatternAcceptsRecipeTagsOnly() {
        assertThat(List.of("1.0.0", "1.0.0+1.0", "12.3.45+2024.1-alpine", "0.0.1+x"))
                .allMatch(t -> VersionOrder.VERSION_TAG.matcher(t).matches());
        assertThat(List.of("v1.0.0", "1.0", "1.0.0-rc1", "main", "1.0.0.0", ""))
                .noneMatch(t -> VersionOrder.VERSION_TAG.matcher(t).matches());
    }

    @Test
    void numbersBeyondAnIntStillOrder() {
        assertThat(sorted("1.0.9999999999", "1.0.10000000000")).containsExactly("1.0.9999999999", "1.0.10000000000");
    }

    @Test
    void versionTagsOfAGitTagListingAreTheVersionsOldestFirstWithoutOtherTags() {
        assertThat(VersionOrder.versionTags("1.10.0+2\n  1.2.0+1.2\nlatest\n\nv2.0.0\n1.9.0+1\n"))
                .containsExactly("1.2.0+1.2", "1.9.0+1", "1.10.0+2");
        assertThat(VersionOrder.versionTags("")).isEmpty();
    }
}
