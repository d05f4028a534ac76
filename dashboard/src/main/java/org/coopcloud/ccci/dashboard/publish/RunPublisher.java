package org.coopcloud.ccci.dashboard.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Sends one run directory's results to the dashboard: {@code bin/ccci publish <run dir>}, and the
 * Drone step after every run. The request is {@code PUT <dashboard>/api/runs/<run id>} with a zip
 * of the run's result files and {@code Authorization: Bearer <publish token>} (docs/operations.md).
 *
 * <p>Bounded: retries 5xx answers, 429 and network errors with doubling back-off, and gives up when
 * its time budget ({@code CCCI_PUBLISH_TIMEOUT_SECONDS}, default 30) is spent, so a dashboard that
 * is down never holds up a run. A refusal (bad token, conflicting content) is not retried.
 *
 * <p>Uses the JDK only, so {@code bin/ccci publish} runs this file straight from source on a CI
 * host (java's single-file source launcher) without building the dashboard module.
 */
public final class RunPublisher {
    /** The files of a run that are its results; everything else (abra checkout, state) stays on the host. */
    private static final Pattern RESULT_FILE = Pattern.compile(
            "results\\.json|pr-comment\\.md|events\\.jsonl|app-screenshot\\.png|reports/[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.xml");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    public static final String TOKEN_FILE_ENV = "CCCI_PUBLISH_TOKEN_FILE";
    public static final String TOKEN_ENV = "CCCI_PUBLISH_TOKEN";
    public static final String URL_ENV = "CCCI_DASHBOARD_URL";
    /** Where to publish when it differs from the public CCCI_DASHBOARD_URL (an internal address). */
    public static final String PUBLISH_URL_ENV = "CCCI_PUBLISH_URL";
    public static final String TIMEOUT_ENV = "CCCI_PUBLISH_TIMEOUT_SECONDS";
    /** Largest run the dashboard accepts (the same bound on both sides). */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    /** How one publish ended. */
    public enum Outcome {
        PUBLISHED, ALREADY_PUBLISHED, REFUSED, GAVE_UP
    }

    public static boolean isResultFile(String relative) {
        return RESULT_FILE.matcher(relative).matches();
    }

    public static boolean isRunId(String id) {
        return RUN_ID.matcher(id).matches() && !id.contains("..");
    }

    /** Reads the token from the file named by CCCI_PUBLISH_TOKEN_FILE, else CCCI_PUBLISH_TOKEN. */
    public static Optional<String> token(Map<String, String> env) throws IOException {
        String file = env.get(TOKEN_FILE_ENV);
        if (file != null && !file.isBlank()) {
            String token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        String token = env.get(TOKEN_ENV);
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(token.strip());
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: bin/ccci publish <run dir>   (env: " + URL_ENV + ", " + TOKEN_FILE_ENV + " or "
                    + TOKEN_ENV + ", optional " + TIMEOUT_ENV + ")");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        String url = env.getOrDefault(PUBLISH_URL_ENV, "").isBlank() ? env.get(URL_ENV) : env.get(PUBLISH_URL_ENV);
        if (url == null || url.isBlank()) {
            System.err.println("ccci publish: " + URL_ENV + " is not set: set it to the dashboard's base URL, e.g. http://ci.example.org:8181");
            System.exit(2);
        }
        Optional<String> token;
        try {
            token = token(env);
        } catch (IOException e) {
            // The message names the file, never its content.
            System.err.println("ccci publish: cannot read the token file named by " + TOKEN_FILE_ENV + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        if (token.isEmpty()) {
            System.err.println("ccci publish: no publish token: set " + TOKEN_FILE_ENV + " to a file holding it (or " + TOKEN_ENV + ")");
            System.exit(2);
        }
        Duration budget;
        try {
            budget = Duration.ofSeconds(Long.parseLong(env.getOrDefault(TIMEOUT_ENV, "30")));
        } catch (NumberFormatException e) {
            System.err.println("ccci publish: " + TIMEOUT_ENV + " must be a whole number of seconds");
            System.exit(2);
            return;
        }
        Outcome outcome;
        try {
            outcome = new RunPublisher(URI.create(url.endsWith("/") ? url : url + "/"), token.get(), budget)
                    .publish(Path.of(args[0]));
        } catch (IllegalArgumentException e) {
            System.err.println("ccci publish: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(outcome == Outcome.PUBLISHED || outcome == Outcome.ALREADY_PUBLISHED ? 0 : 1);
    }

    private final URI dashboard;
    private final String token;
    private final Duration budget;
    private final HttpClient http;

    /** @param dashboard the dashboard's base URL, ending in '/' */
    public RunPublisher(URI dashboard, String token, Duration budget) {
        this.dashboard = dashboard;
        this.token = token;
        this.budget = budget;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Publishes, retrying within the budget; says on stderr what happened and what to do. */
    public Outcome publish(Path runDirectory) {
        String runId = runDirectory.toAbsolutePath().normalize().getFileName().toString();
        if (!Files.isDirectory(runDirectory)) {
            throw new IllegalArgumentException("run dir '" + runDirectory + "' is not a directory");
        }
        if (!isRunId(runId)) {
            throw new IllegalArgumentException("run dir '" + runDirectory + "': its name is not a run id");
        }
        byte[] body;
        try {
            body = zip(runDirectory);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read run dir '" + runDirectory + "': " + e.getMessage());
        }
        URI target = dashboard.resolve("api/runs/" + runId);
        long deadline = System.nanoTime() + budget.toNanos();
        Duration backoff = Duration.ofSeconds(1);
        for (int attempt = 1; ; attempt++) {
            long left = deadline - System.nanoTime();
            String why;
            try {
                HttpRequest request = HttpRequest.newBuilder(target)
                        .timeout(Duration.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), Math.min(left, Duration.ofSeconds(15).toNanos()))))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/zip")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                String answer = oneLine(response.body());
                if (status == 201) {
                    System.err.println("ccci publish: run " + runId + " published to " + dashboard);
                    return Outcome.PUBLISHED;
                }
                if (status == 200) {
                    System.err.println("ccci publish: run " + runId + " was already published with the same files; nothing changed");
                    return Outcome.ALREADY_PUBLISHED;
                }
                if (status != 429 && status < 500) {
                    System.err.println("ccci publish: the dashboard refused run " + runId + " (HTTP " + status + "): " + answer);
                    return Outcome.REFUSED;
                }
                why = "HTTP " + status + ": " + answer;
            } catch (IOException e) {
                why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted";
                deadline = System.nanoTime();
            }
            left = deadline - System.nanoTime();
            if (left <= backoff.toNanos()) {
                System.err.println("ccci publish: gave up on run " + runId + " after " + attempt + " attempt(s) (" + why
                        + "); the run is still in " + runDirectory + ": send it later with `bin/ccci publish " + runDirectory + "`");
                return Outcome.GAVE_UP;
            }
            System.err.println("ccci publish: attempt " + attempt + " failed (" + why + "); retrying in " + backoff.toSeconds() + "s");
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.GAVE_UP;
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    /** The run's result files as a zip, in name order, so the same run always makes the same entries. */
    static byte[] zip(Path runDirectory) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(runDirectory, 2)) {
            walk.filter(Files::isRegularFile)
                    .map(p -> runDirectory.relativize(p).toString().replace('\\', '/'))
                    .filter(RunPublisher::isResultFile).sorted().forEach(names::add);
        }
        if (names.isEmpty()) {
            throw new IOException("it holds none of a run's result files (results.json, events.jsonl, reports/)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(0); // content alone decides whether two publishes are the same
                zip.putNextEntry(entry);
                Files.copy(runDirectory.resolve(name), zip);
                zip.closeEntry();
            }
        }
        if (bytes.size() > MAX_BYTES) {
            throw new IOException("its result files are " + bytes.size() + " bytes zipped, over the dashboard's limit of " + MAX_BYTES);
        }
        return bytes.toByteArray();
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
