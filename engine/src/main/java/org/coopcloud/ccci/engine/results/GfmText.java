package org.coopcloud.ccci.engine.results;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run data (reasons, log lines, versions, refs) written into Markdown that Gitea renders as
 * CommonMark with GitHub's extensions: it must read as it is and do nothing else. No link, image,
 * emphasis or HTML (backslash escapes, which CommonMark allows before any ASCII punctuation); no
 * autolink of a URL, {@code www.} name or e-mail address, no {@code @mention} and no {@code #123}
 * reference: a word joiner (U+2060, invisible) breaks a URL's scheme, {@code www.} and {@code #123}
 * where GFM or Gitea would start one, and '@' is written as the full-width '＠' (U+FF20). Code spans and blocks take their text as it is and never link it.
 */
final class GfmText {
    /** U+2060 WORD JOINER: zero width, no line break, and no autolinker sees through it. */
    static final char JOINER = '\u2060';
    /** U+FF20 FULLWIDTH COMMERCIAL AT, for '@' in prose. */
    static final char FULLWIDTH_AT = '\uFF20';
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(https?|ftp|mailto|xmpp)(:)");
    private static final Pattern WWW = Pattern.compile("(?i)\\b(www)(\\.)");
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private GfmText() {
    }

    /** Prose: escaped, on one line. */
    static String text(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        line = SCHEME.matcher(line).replaceAll("$1" + JOINER + "$2");
        line = WWW.matcher(line).replaceAll("$1" + JOINER + "$2");
        StringBuilder out = new StringBuilder(line.length() + 16);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '@') {
                // The full-width at sign reads as '@' and is no e-mail address or mention in any renderer
                // (commonmark-java's autolinker even takes a word joiner into an address).
                out.append(FULLWIDTH_AT);
                continue;
            }
            if ("\\`*_[]()<>!|#~&{}".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
            if (c == '#') {
                // After the '#': no issue reference is '#' and then no digit.
                out.append(JOINER);
            }
        }
        return out.toString();
    }

    /** A table cell: prose, where the escaped '|' cannot end the cell. */
    static String cell(String text) {
        return text(text);
    }

    /** An inline code span holding the text as it is (on one line). */
    static String code(String text) {
        String line = text.replaceAll("\\s+", " ");
        String fence = "`".repeat(longestRun(line) + 1);
        boolean pad = line.startsWith("`") || line.endsWith("`") || line.startsWith(" ") && line.endsWith(" ");
        return fence + (pad ? " " + line + " " : line) + fence;
    }

    /** A fenced code block holding the lines as they are; its fence is longer than any run of backticks in them. */
    static String codeBlock(List<String> lines) {
        int longest = 2;
        for (String line : lines) {
            longest = Math.max(longest, longestRun(line));
        }
        String fence = "`".repeat(longest + 1);
        StringBuilder out = new StringBuilder(fence).append("text\n");
        lines.forEach(line -> out.append(line.replace("\r", "")).append('\n'));
        return out.append(fence).append('\n').toString();
    }

    private static int longestRun(String text) {
        int longest = 0;
        Matcher m = BACKTICKS.matcher(text);
        while (m.find()) {
            longest = Math.max(longest, m.group().length());
        }
        return longest;
    }
}
