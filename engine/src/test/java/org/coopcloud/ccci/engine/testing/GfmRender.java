package org.coopcloud.ccci.engine.testing;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * A comment rendered as Gitea renders it: CommonMark with GitHub's tables, autolinks and
 * strikethrough (commonmark-java, a real renderer), so tests assert on what a reader sees.
 */
public final class GfmRender {
    private static final List<Extension> GFM = List.of(TablesExtension.create(), AutolinkExtension.create(),
            StrikethroughExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(GFM).build();
    private static final Pattern HREF = Pattern.compile("<a href=\"([^\"]*)\"");

    private GfmRender() {
    }

    public static String html(String markdown) {
        return HtmlRenderer.builder().extensions(GFM).build().render(parse(markdown));
    }

    /** The text a reader sees, one rendered line (a heading, paragraph line, table row, code line) a line. */
    public static List<String> lines(String markdown) {
        String text = TextContentRenderer.builder().extensions(GFM).build().render(parse(markdown));
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Every link target of the rendered HTML. */
    public static List<String> links(String markdown) {
        Matcher m = HREF.matcher(html(markdown));
        List<String> hrefs = new java.util.ArrayList<>();
        while (m.find()) {
            hrefs.add(m.group(1));
        }
        return hrefs;
    }

    private static Node parse(String markdown) {
        return PARSER.parse(markdown);
    }
}
