package org.coopcloud.ccci.engine.launch;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.coopcloud.ccci.engine.results.ResultsJson;

/**
 * The JUnit XML reports, checked after the launcher wrote them. Its listeners only print a line
 * when a report cannot be written (a full disk: ENOSPC) and the run would still exit 0 with
 * results.json saying it passed: a run whose reports are missing or cut short is an infrastructure
 * error. This finds such a report (missing, or not well-formed XML: the write stopped part way),
 * removes what is broken (a CI reading half a file would count half the checks), says so on stderr,
 * and records it in whatever can still be written: results.json (verdict infrastructure-error, no
 * level, the reason on the teardown step, which covers writing the reports) and an event line.
 */
final class ReportFailure {
    static final String LEGACY_XML = "TEST-cc-ci.xml";

    private ReportFailure() {
    }

    /** What is wrong with the reports in {@code reports}, one line each; empty when all are whole. */
    static List<String> check(Path reports) {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(reports.resolve(LEGACY_XML))) {
            problems.add(reports.resolve(LEGACY_XML) + " was not written");
        }
        List<Path> xmls = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(reports, "*.xml")) {
            entries.forEach(xmls::add);
        } catch (NoSuchFileException e) {
            return List.of(reports + " was not created");
        } catch (IOException e) {
            problems.add("cannot list " + reports + ": " + e.getMessage());
        }
        for (Path xml : xmls) {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                factory.newDocumentBuilder().parse(xml.toFile());
            } catch (Exception e) {
                problems.add(xml + " is cut short or not XML (" + e.getMessage() + ")");
                try {
                    Files.deleteIfExists(xml);
                } catch (IOException ignored) {
                    // named above; nothing more can be done about it here
                }
            }
        }
        return problems;
    }

    /**
     * Says on stderr that the reports could not be written, then marks results.json and events.jsonl
     * in {@code runDirectory} as far as the disk still allows.
     */
    static void record(Path runDirectory, List<String> problems) {
        String reason = "could not write the run's reports: " + String.join("; ", problems);
        System.err.println("!! cc-ci: " + reason + ". This run is an infrastructure error (is the disk full?),"
                + " whatever its checks found.");
        Path results = runDirectory.resolve(ResultsJson.FILE_NAME);
        try {
            Map<String, Object> root = new LinkedHashMap<>(JSON.std.mapFrom(Files.readString(results)));
            root.put("verdict", "infrastructure-error");
            root.put("level", null);
            Map<String, Object> teardown = new LinkedHashMap<>();
            teardown.put("status", "fail");
            teardown.put("reason", reason);
            teardown.put("failure_kind", "infrastructure");
            root.put("teardown", teardown);
            writeReplacing(results, JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(root) + "\n");
        } catch (IOException | RuntimeException e) {
            System.err.println("!! cc-ci: could not mark " + results + " either: " + e.getMessage());
        }
        try {
            Files.writeString(runDirectory.resolve("events.jsonl"), JSON.std.asString(Map.of("ts", Instant.now().toString(),
                    "event", "reports.failed", "reason", reason)) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.println("!! cc-ci: could not note it in events.jsonl either: " + e.getMessage());
        }
    }

    /** Temp file then rename; a temp file that could not be written whole is removed, never left behind. */
    static void writeReplacing(Path target, String text) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.writeString(temp, text);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** The run directory of {@code reports} ({@code <runs dir>/<run id>/reports}), when it holds results.json. */
    static Optional<Path> runDirectoryOf(Path reports) {
        Path parent = reports.toAbsolutePath().getParent();
        return parent != null && Files.isRegularFile(parent.resolve(ResultsJson.FILE_NAME)) ? Optional.of(parent)
                : Optional.empty();
    }

}
