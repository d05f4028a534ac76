package org.coopcloud.ccci.dashboard.runs;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads the checks out of the console launcher's legacy JUnit XML report ({@code TEST-cc-ci.xml}).
 * The file may come from anyone who can publish, so the parser refuses DTDs and external entities.
 */
public final class JUnitXmlReader {
    private JUnitXmlReader() {
    }

    public static List<CheckOutcome> read(byte[] xml) throws MalformedRunException {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new MalformedRunException("JUnit XML report is not readable XML: " + e.getMessage());
        }
        List<CheckOutcome> checks = new ArrayList<>();
        NodeList cases = document.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            String status = "passed";
            Optional<String> message = Optional.empty();
            Optional<String> detail = Optional.empty();
            for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element e && isOutcome(e.getTagName())) {
                    status = switch (e.getTagName()) {
                        case "failure" -> "failed";
                        case "error" -> "error";
                        default -> "skipped";
                    };
                    message = nonBlank(e.getAttribute("message"));
                    detail = nonBlank(e.getTextContent());
                    break;
                }
            }
            checks.add(new CheckOutcome(testcase.getAttribute("name"), status, seconds(testcase.getAttribute("time")),
                    message, detail));
        }
        return checks;
    }

    private static boolean isOutcome(String tag) {
        return tag.equals("failure") || tag.equals("error") || tag.equals("skipped");
    }

    private static Optional<String> nonBlank(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }

    private static double seconds(String time) {
        try {
            return Double.parseDouble(time);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
