package org.coopcloud.ccci.harness.abra;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coopcloud.ccci.engine.api.AppFailureException;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.process.Command;
import org.coopcloud.ccci.harness.process.ProcessFailedException;
import org.coopcloud.ccci.harness.process.ProcessResult;
import org.coopcloud.ccci.harness.process.ProcessRunner;
import org.coopcloud.ccci.harness.process.ProcessTimeoutException;

/**
 * The one place that runs abra. Production runs the real binary (on PATH, or {@code CCCI_ABRA});
 * the sandbox and the tests run the stand-in {@code sandbox/abra} with the very same command lines.
 * Every call gets the run's {@code ABRA_DIR} (through the runner's environment), {@code --no-input},
 * and a timeout; the commands abra only runs on a terminal get one through {@code script}.
 * Failures carry abra's stderr, redacted by the runner.
 */
public final class AbraCli {
    public static final String EXECUTABLE_PARAMETER = "ccci.abra";
    public static final String EXECUTABLE_ENV = "CCCI_ABRA";
    public static final String SERVER = "default";
    private static final java.util.regex.Pattern INFRASTRUCTURE_ERRORS = java.util.regex.Pattern.compile(
            "(?i)cannot connect to the docker daemon|is the docker daemon running|error during connect"
                    + "|dial unix .*docker\\.sock|could not be resolved|toomanyrequests|pull access denied"
                    + "|no basic auth credentials|tls handshake timeout|i/o timeout|registry[^\\n]*(unavailable|timeout|refused)");

    private final String executable;
    private final ProcessRunner runner;
    private final Duration timeout;

    public AbraCli(String executable, ProcessRunner runner, Duration timeout) {
        this.executable = executable;
        this.runner = runner;
        this.timeout = timeout;
    }

    /**
     * abra as configured: {@code ccci.abra} / {@code CCCI_ABRA}, else {@code abra} on the PATH.
     * Fails with what to do when there is none.
     */
    public static AbraCli locate(Settings settings, ProcessRunner runner, Duration timeout) {
        Optional<String> configured = settings.get(EXECUTABLE_PARAMETER, EXECUTABLE_ENV);
        if (configured.isPresent()) {
            if (!isExecutableFile(Path.of(configured.get()))) {
                throw new InfrastructureException(EXECUTABLE_ENV + "=" + configured.get()
                        + " is not an executable file: point it at abra (or at sandbox/abra for the local sandbox)");
            }
            return new AbraCli(configured.get(), runner, timeout);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && isExecutableFile(Path.of(dir, "abra"))) {
                return new AbraCli(Path.of(dir, "abra").toString(), runner, timeout);
            }
        }
        throw new InfrastructureException("abra was not found on the PATH: install abra, or set " + EXECUTABLE_ENV
                + " (for the local sandbox: bin/ccci sandbox up, then " + EXECUTABLE_ENV + "=<repo>/sandbox/abra)");
    }

    /** A directory is "executable" (searchable) too, and cannot be run. */
    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    public String executable() {
        return executable;
    }

    /**
     * {@code abra app new}: the app's .env from the recipe's .env.sample, and every secret abra may
     * generate. abra prints the generated secret VALUES on stdout, so its stdout is never read, logged
     * or put in a message here (a failure reports abra's stderr only).
     */
    public void appNew(String recipe, Optional<String> version, String domain, boolean chaos) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("app", "new", recipe));
        version.ifPresent(args::add);
        args.addAll(List.of("--domain", domain, "--server", SERVER, "--secrets", "--no-input"));
        if (chaos) {
            args.add("--chaos");
        }
        try {
            run(args, false).requireSuccess();
        } catch (ProcessFailedException e) {
            throw new InfrastructureException("abra could not create the app " + domain + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code abra app secret insert D <name> <version> <file> --file}: the value goes through a file
     * only this user can read, deleted right after, never on a command line.
     */
    public void secretInsert(String domain, String name, String version, String value) throws InterruptedException {
        Path file;
        try {
            file = Files.createTempFile("ccci-secret-", "", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new InfrastructureException("cannot create a private file for the secret " + name + ": " + e.getMessage(), e);
        }
        try {
            Files.writeString(file, value);
            infrastructure(run(List.of("app", "secret", "insert", domain, name, version, file.toString(), "--file",
                    "--no-input"), false), "insert the secret " + name + " of " + domain);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the secret " + name + " to " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover 0600 file in the temp dir; nothing else to do
            }
        }
    }

    /**
     * {@code abra app deploy}: the pinned version, or with {@code chaos} the recipe's working tree as
     * it is (the PR head). A refused deploy is the recipe's failure (its compose file is under test).
     */
    public void deploy(String domain, Optional<String> version, boolean chaos) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("app", "deploy", domain));
        version.ifPresent(args::add);
        if (chaos) {
            args.add("--chaos");
        }
        args.addAll(List.of("--force", "--no-input", "--no-converge-checks"));
        ProcessResult result = run(args, false);
        if (!result.succeeded()) {
            try {
                result.requireSuccess();
            } catch (ProcessFailedException e) {
                if (isInfrastructure(result.stderr())) {
                    throw new InfrastructureException("abra could not deploy " + domain
                            + " for a reason of the server, not of the recipe: " + e.getMessage(), e);
                }
                throw new AppFailureException("abra refused to deploy " + domain + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A deploy that failed because of the daemon or a registry (unreachable, rate-limited, denied, an
     * image that cannot be resolved on this host) is the server's fault, never the recipe's.
     */
    static boolean isInfrastructure(String stderr) {
        return INFRASTRUCTURE_ERRORS.matcher(stderr).find();
    }

    public void undeploy(String domain) throws InterruptedException {
        infrastructure(run(List.of("app", "undeploy", domain, "--no-input"), false), "undeploy " + domain);
    }

    public void remove(String domain) throws InterruptedException {
        infrastructure(run(List.of("app", "remove", domain, "--force", "--no-input"), false), "remove " + domain);
    }

    /** Creates a backup through backupbot and returns its id (abra needs a terminal for this). */
    public String backupCreate(String domain) throws InterruptedException {
        ProcessResult result = infrastructure(run(List.of("app", "backup", "create", domain, "--no-input"), true),
                "back up " + domain);
        String[] lines = result.stdout().strip().split("\\R");
        String id = lines[lines.length - 1].strip();
        if (id.isEmpty()) {
            throw new InfrastructureException("abra app backup create " + domain + " printed no backup id");
        }
        return id;
    }

    /** Restores the newest backup through backupbot (abra needs a terminal for this). */
    public void restore(String domain) throws InterruptedException {
        infrastructure(run(List.of("app", "restore", domain, "--no-input"), true), "restore " + domain);
    }

    public void recipeFetch(String recipe) throws InterruptedException {
        infrastructure(run(List.of("recipe", "fetch", recipe, "--no-input"), false), "fetch the recipe " + recipe);
    }

    /** Every app abra knows, from {@code app ls --status --machine}. */
    public List<AbraApp> appList() throws InterruptedException {
        ProcessResult result = infrastructure(run(List.of("app", "ls", "--status", "--machine", "--no-input"), false),
                "list apps");
        return parseAppList(result.stdout());
    }

    static List<AbraApp> parseAppList(String json) {
        List<AbraApp> apps = new ArrayList<>();
        Map<String, Object> servers;
        try {
            servers = JSON.std.mapFrom(json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            throw new InfrastructureException("abra app ls printed something that is not JSON: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Object> server : servers.entrySet()) {
            if (!(server.getValue() instanceof Map<?, ?> body) || !(body.get("apps") instanceof List<?> list)) {
                continue;
            }
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> app) {
                    apps.add(new AbraApp(text(app, "server", server.getKey()), text(app, "recipe", ""),
                            text(app, "domain", text(app, "appName", "")), text(app, "status", ""),
                            text(app, "version", ""), "true".equals(text(app, "chaos", "false"))));
                }
            }
        }
        return apps;
    }

    private static String text(Map<?, ?> map, String key, String otherwise) {
        Object value = map.get(key);
        return value == null ? otherwise : String.valueOf(value);
    }

    private ProcessResult run(List<String> args, boolean needsTerminal) throws InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(executable);
        line.addAll(args);
        Command command = Command.of(needsTerminal ? Terminal.wrap(line) : line).withTimeout(timeout);
        try {
            return runner.run(command);
        } catch (ProcessTimeoutException e) {
            throw new InfrastructureException(e.getMessage(), e);
        }
    }

    private ProcessResult infrastructure(ProcessResult result, String what) {
        try {
            return result.requireSuccess();
        } catch (ProcessFailedException e) {
            throw new InfrastructureException("abra could not " + what + ": " + e.getMessage() + terminalOutput(result), e);
        }
    }

    /**
     * Under {@code script} abra's stderr goes to the terminal, whose transcript is our stdout: a failure
     * there has an empty stderr, so its message is the transcript's tail (redacted, without the {@code \r}s).
     */
    private String terminalOutput(ProcessResult result) {
        if (!result.stderr().isBlank() || result.stdout().isBlank()) {
            return "";
        }
        String out = result.stdout().replace("\r", "").strip();
        String tail = out.length() <= 2_000 ? out : "..." + out.substring(out.length() - 2_000);
        return "; terminal output tail: " + runner.redactor().redact(tail);
    }
}
