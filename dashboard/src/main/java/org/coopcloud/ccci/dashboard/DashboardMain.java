package org.coopcloud.ccci.dashboard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coopcloud.ccci.dashboard.publish.PublishToken;
import org.coopcloud.ccci.dashboard.publish.PublishedRunStore;
import org.coopcloud.ccci.dashboard.publish.RunPublisher;
import org.coopcloud.ccci.dashboard.runs.RunCatalog;
import org.coopcloud.ccci.dashboard.web.CardRenderer;
import org.coopcloud.ccci.dashboard.web.DashboardServer;
import org.coopcloud.ccci.dashboard.web.HeadlessChromium;

/**
 * {@code bin/ccci dashboard [--port N] [--bind ADDR] [--runs-dir DIR] [--store DIR]}. The publish
 * token comes from the file named by CCCI_PUBLISH_TOKEN_FILE (or CCCI_PUBLISH_TOKEN), never argv.
 */
public final class DashboardMain {
    /** The run index in the store: derived data, rebuilt from the run directories when missing. */
    public static final String INDEX_FILE = ".index.sqlite";

    private DashboardMain() {
    }

    record Options(int port, String bind, Optional<Path> runsDir, Path store) {
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("ccci dashboard: " + e.getMessage());
            System.err.println("usage: bin/ccci dashboard [--port N] [--bind ADDR] [--runs-dir DIR] [--store DIR]");
            System.exit(2);
            return;
        }
        Optional<PublishToken> token;
        try {
            token = RunPublisher.token(System.getenv()).map(PublishToken::new);
        } catch (IOException e) {
            System.err.println("ccci dashboard: cannot read the token file named by " + RunPublisher.TOKEN_FILE_ENV + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        PublishedRunStore store;
        try {
            store = new PublishedRunStore(options.store());
        } catch (IOException e) {
            System.err.println("ccci dashboard: cannot create the store directory " + options.store() + " (" + e
                    + "): give --store a writable directory");
            System.exit(2);
            return;
        }
        List<RunCatalog.Source> sources = new ArrayList<>();
        sources.add(new RunCatalog.Source(options.store(), false));
        options.runsDir().ifPresent(dir -> sources.add(new RunCatalog.Source(dir, true)));
        Optional<HeadlessChromium> chromium = HeadlessChromium.find();
        Optional<CardRenderer> cards = chromium.isPresent()
                ? Optional.of(new CardRenderer(chromium.get(), options.store().resolve(".cards"))) : Optional.empty();
        DashboardServer server = new DashboardServer(new RunCatalog(sources, Clock.systemUTC(), Optional.of(options.store().resolve(INDEX_FILE))), Optional.of(store), token,
                cards, Clock.systemUTC());
        try {
            server.start(new InetSocketAddress(options.bind(), options.port()));
        } catch (IOException e) {
            System.err.println("ccci dashboard: cannot listen on " + options.bind() + ":" + options.port() + " (" + e.getMessage()
                    + "): is another dashboard running there? Choose another with --port");
            System.exit(1);
            return;
        }
        System.err.println("ccci dashboard: http://" + options.bind() + ":" + server.port() + "/  (store " + options.store()
                + options.runsDir().map(d -> ", runs dir " + d).orElse("") + "; publishing "
                + (token.isPresent() ? "enabled" : "disabled: no " + RunPublisher.TOKEN_FILE_ENV) + "; summary cards "
                + (cards.isPresent() ? "by chromium" : "disabled: no chromium on PATH") + ")");
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Options parse(String[] args, java.util.Map<String, String> env) {
        int port = 8181;
        String bind = "127.0.0.1";
        Optional<Path> runsDir = Optional.ofNullable(env.get("CCCI_RUNS_DIR")).filter(s -> !s.isBlank()).map(Path::of)
                .or(() -> Optional.of(Path.of("/var/lib/cc-ci-runs")));
        Path store = Path.of(env.getOrDefault("CCCI_DASHBOARD_STORE", "/var/lib/cc-ci-dashboard"));
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!List.of("--port", "--bind", "--runs-dir", "--store").contains(flag)) {
                throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        port = -1;
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port: '" + value + "' is not a port number (0-65535)");
                    }
                }
                case "--bind" -> bind = value;
                case "--runs-dir" -> runsDir = value.equals("none") ? Optional.empty() : Optional.of(Path.of(value));
                default -> store = Path.of(value);
            }
        }
        return new Options(port, bind, runsDir, store);
    }
}
