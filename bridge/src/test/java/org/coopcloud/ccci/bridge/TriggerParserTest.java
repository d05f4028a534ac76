package org.coopcloud.ccci.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.bridge.TriggerParser.Lane;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TriggerParserTest {
    @Test
    void exactlyTheTwoCommandsTrigger() {
        assertThat(TriggerParser.parse("!testme")).contains(Lane.FULL);
        assertThat(TriggerParser.parse("!testme --quick")).contains(Lane.QUICK);
        assertThat(TriggerParser.parse("\n \n   !testme \r\n")).contains(Lane.FULL); // up to 3 spaces: still a paragraph
        assertThat(TriggerParser.parse("  !testme --quick\n")).contains(Lane.QUICK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "!testmexyz", "!testme foo", "!testme --quick foo", "!testme --quickly",
            "> !testme", "please !testme", "!testme\n!testme", "!TESTME", "! testme", "!testme  --quick",
            "!testme\t--quick", "`!testme`", "!testme --full",
            // an indented code block, a fenced one, a quote: shown as text in Gitea, not a command
            "    !testme", "\t!testme", "  \t!testme", "\n\t !testme \r\n", "    !testme --quick", "```\n!testme\n```",
            "~~~\n!testme\n~~~", ">!testme", "> !testme --quick"})
    void everythingElseDoesNot(String body) {
        assertThat(TriggerParser.parse(body)).isEmpty();
    }

    @Test
    void aMissingBodyDoesNot() {
        assertThat(TriggerParser.parse(null)).isEmpty();
    }
}
