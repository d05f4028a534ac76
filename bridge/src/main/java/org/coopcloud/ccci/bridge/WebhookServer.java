package org.coopcloud.ccci.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.coopcloud.ccci.bridge.config.Secret;
import org.coopcloud.ccci.bridge.gitea.Comment;
import org.coopcloud.ccci.bridge.gitea.GiteaClient;
import org.coopcloud.ccci.bridge.gitea.PullRequest;
import org.coopcloud.ccci.bridge.http.ApiException;
import org.coopcloud.ccci.bridge.http.Json;

/**
 * The optional webhook endpoint ({@code POST /hook}). Gitea signs each delivery's exact body with
 * HMAC-SHA256 under the hook's secret and sends the hex digest as {@code X-Gitea-Signature}
 * (Forgejo also as {@code X-Forgejo-Signature}); a delivery whose signature does not match, compared
 * in constant time, is refused with 403 before its body is read as JSON. The signature covers no
 * time, so a captured delivery can be replayed: the claim by comment id makes a replay a no-op.
 * A delivery is answered as soon as it is checked (signature, event, repo, a trigger's text), before
 * Gitea is asked anything: Gitea gives a delivery 5 s, and a slow Gitea would otherwise make its own
 * delivery fail. The PR lookup and the claim then run on the bridge's worker, through the same
 * {@link CommentIntake} as the poll; when that lookup fails, the next poll reads the comment anyway.
 */
public final class WebhookServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookServer.class.getName());
    private static final int MAX_BODY = 1 << 20;

    private final HttpServer server;
    private final byte[] key;
    private final List<String> repos;
    private final GiteaClient gitea;
    private final CommentIntake intake;
    private final Executor worker;
    private final Runnable advance;

    /**
     * @param worker where a delivery's PR lookup and claim run, after the answer
     * @param advance run on the worker after a new request was recorded, to move it on at once
     */
    public WebhookServer(String bind, int port, Secret secret, List<String> repos, GiteaClient gitea, CommentIntake intake,
            Executor worker, Runnable advance) throws IOException {
        this.key = secret.reveal().getBytes(StandardCharsets.UTF_8);
        this.repos = repos;
        this.gitea = gitea;
        this.intake = intake;
        this.worker = worker;
        this.advance = advance;
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        server.createContext("/hook", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ccci-bridge-webhook");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        LOG.info("webhook listening on " + bind + ":" + port() + "/hook");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "POST only");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                reply(exchange, 413, "body too large");
                return;
            }
            String signature = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Gitea-Signature"))
                    .orElse(exchange.getRequestHeaders().getFirst("X-Forgejo-Signature"));
            if (!signatureValid(body, signature)) {
                LOG.warning("webhook: refused a delivery with a missing or bad signature from "
                        + exchange.getRemoteAddress().getAddress().getHostAddress());
                reply(exchange, 403, "bad signature");
                return;
            }
            String event = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Gitea-Event")).orElse("");
            if (!event.equals("issue_comment")) {
                reply(exchange, 204, "");
                return;
            }
            reply(exchange, accept(new String(body, StandardCharsets.UTF_8)), "");
        } catch (RuntimeException e) {
            LOG.warning("webhook: " + e.getClass().getSimpleName() + " handling a delivery; ignored");
        }
    }

    /** The status to answer: 202 taken (looked up and recorded after the answer), 204 nothing to do, 400 malformed. */
    private int accept(String payload) {
        try {
            Map<String, Object> root = Json.object(payload, "webhook payload");
            String action = Json.optionalString(root, "action");
            if (!"created".equals(action) && !"edited".equals(action)) {
                return 204;
            }
            Map<String, Object> issue = Json.object(root.get("issue"), "webhook payload: issue");
            boolean isPull = Boolean.TRUE.equals(root.get("is_pull")) || issue.get("pull_request") instanceof Map<?, ?>;
            if (!isPull) {
                return 204;
            }
            String fullName = Json.string(Json.object(root.get("repository"), "webhook payload: repository"), "full_name",
                    "webhook payload: repository");
            Optional<String> repo = repos.stream().filter(r -> r.equalsIgnoreCase(fullName)).findFirst();
            if (repo.isEmpty()) {
                return 204;
            }
            Comment comment = GiteaClient.comment(Json.object(root.get("comment"), "webhook payload: comment"),
                    "webhook payload: comment");
            if (TriggerParser.parse(comment.body()).isEmpty()) {
                return 204;
            }
            long number = Json.number(issue, "number", "webhook payload: issue");
            String enrolled = repo.get();
            worker.execute(() -> {
                if (record(enrolled, number, comment)) {
                    advance.run();
                }
            });
            return 202;
        } catch (ApiException e) {
            LOG.warning("webhook: " + e.getMessage());
            return 400;
        }
    }

    /** Looks the PR up and claims the comment; true when a new request was recorded. Never throws. */
    private boolean record(String repo, long number, Comment comment) {
        try {
            PullRequest pull = gitea.pull(repo, number);
            return intake.offer(repo, pull, comment, "webhook");
        } catch (ApiException e) {
            LOG.warning("webhook: comment " + comment.id() + " on " + repo + "#" + number + ": " + e.getMessage()
                    + "; the next poll reads it");
        } catch (SQLException e) {
            LOG.warning("webhook: comment " + comment.id() + ": cannot record the request (" + e.getMessage()
                    + "); the next poll reads it");
        } catch (RuntimeException e) {
            LOG.warning("webhook: comment " + comment.id() + ": " + e + "; the next poll reads it");
        }
        return false;
    }

    boolean signatureValid(byte[] body, String signatureHex) {
        if (signatureHex == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHex.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        return MessageDigest.isEqual(expected, given);
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
        if (status != 204 && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
