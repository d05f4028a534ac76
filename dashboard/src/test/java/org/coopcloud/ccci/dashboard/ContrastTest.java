package org.coopcloud.ccci.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coopcloud.ccci.dashboard.web.Badge;
import org.coopcloud.ccci.dashboard.web.Outcome;
import org.junit.jupiter.api.Test;

/**
 * WCAG AA: every badge, square and chip has a contrast of at least 4.5 between its text and its
 * background, computed by WCAG 2's formula from the colours the dashboard really uses: style.css
 * as served, and the SVG badge's colours.
 */
class ContrastTest {
    static final double AA = 4.5;

    @Test
    void everySvgBadgeColourHasAaContrastWithItsWhiteText() {
        for (String tone : Outcome.TONES) {
            assertThat(contrast(Badge.TEXT_COLOUR, Outcome.colour(tone))).as("badge " + tone + " " + Outcome.colour(tone))
                    .isGreaterThanOrEqualTo(AA);
        }
        assertThat(contrast(Badge.TEXT_COLOUR, Badge.LABEL_COLOUR)).as("the label").isGreaterThanOrEqualTo(AA);
        assertThat(contrast(Badge.TEXT_COLOUR, Badge.noMainRun("x").colour())).isGreaterThanOrEqualTo(AA);
    }

    @Test
    void everyBadgeSquareAndChipInTheStylesheetHasAaContrast() throws Exception {
        String css;
        try (InputStream in = ContrastTest.class.getResourceAsStream("/org/coopcloud/ccci/dashboard/static/style.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> checked = new ArrayList<>();
        Matcher rule = Pattern.compile("([^{}]+)\\{([^}]*)\\}").matcher(css.replaceAll("/\\*.*?\\*/", ""));
        while (rule.find()) {
            String selector = rule.group(1).strip();
            // rules that colour a badge, square or chip (a modifier such as .dot.quick-run sets no background)
            if (!selector.matches("(?s).*\\.(badge|dot|rung|status)\\.[a-z0-9-]+.*") || !rule.group(2).contains("background")) {
                continue;
            }
            String fg = colour(rule.group(2), "color");
            String bg = colour(rule.group(2), "background");
            assertThat(fg).as("'" + selector + "' names its text colour beside its background").isNotNull();
            assertThat(bg).as("'" + selector + "' names its background").isNotNull();
            assertThat(contrast(fg, bg)).as(selector + ": " + fg + " on " + bg).isGreaterThanOrEqualTo(AA);
            checked.add(selector);
        }
        for (String tone : Outcome.TONES) {
            String badge = checked.stream().filter(s -> s.contains(".badge." + tone)).findFirst().orElseThrow(
                    () -> new AssertionError("no rule colours .badge." + tone));
            assertThat(css).as("the page's " + tone + " is the SVG badge's").containsPattern(
                    Pattern.quote(badge) + "\\s*\\{[^}]*background: " + Outcome.colour(tone));
            assertThat(checked).anyMatch(s -> s.contains(".dot." + tone));
        }
        assertThat(checked).anyMatch(s -> s.contains(".rung.fail")).anyMatch(s -> s.contains(".rung.unverified"));
    }

    @Test
    void theFormulaMatchesWcagsKnownValues() {
        assertThat(contrast("#ffffff", "#000000")).isCloseTo(21.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(contrast("#ffffff", "#767676")).isCloseTo(4.54, org.assertj.core.data.Offset.offset(0.01));
        // The old level 2 colour, white text: issue 20 measured 2.6.
        assertThat(contrast("#ffffff", "#c99a06")).isLessThan(AA);
    }

    private static String colour(String declarations, String property) {
        Matcher m = Pattern.compile("(?:^|;)\\s*" + property + "\\s*:\\s*(#[0-9a-fA-F]{6})").matcher(declarations);
        return m.find() ? m.group(1) : null;
    }

    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel(rgb >> 16 & 0xff) + 0.7152 * channel(rgb >> 8 & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
