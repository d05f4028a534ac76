package org.coopcloud.ccci.bridge.doubles;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plumbing shared by the test doubles of Gitea, Drone and the dashboard: a real HTTP/1.1
 * server on loopback (the JDK's HttpServer), routes by method and path pattern, a log of what was
 * asked, and faults a test queues for a route (an error status with headers, a delay, a hang until
 * released). What each route answers is the double's business, after the real API's documents.
 */
public abstract class DoubleServer implements AutoCloseable {
    /** One answer: status, headers, body (null for none). */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(int status, Object value) {
            try {
                return new Reply(status, Map.of("Content-Type", "application/json"), JSON.std.asString(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Reply empty(int status) {
            return new Reply(status, Map.of(), null);
        }

        public static Reply text(int status, String text) {
            return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), text);
        }
    }

    /** A request as the double saw it. */
    public record Seen(String method, String path, Map<String, String> query, String authorization, String body) {
    }

    /** A route's handler: path groups, the request, and the answer. */
    @FunctionalInterface
    protected interface Handler {
        Reply handle(Matcher path, Seen request) throws Exception;
    }

    /** An answer that may need the request to be authorised first. */
    @FunctionalInterface
    protected interface Answer {
        Reply get() throws Exception;
    }

    /** The real services answer 401 before anything else when the Authorization header is not the expected one. */
    protected static Reply authorised(Seen request, String expectedAuthorization, Answer answer) throws Exception {
        if (!expectedAuthorization.equals(request.authorization())) {
            return Reply.json(401, Map.of("message", "Unauthorized"));
        }
        return answer.get();
    }

    private record Route(String method, Pattern pattern, Handler handler) {
    }

    /** A fault queued for the next request to match {@code method} and {@code pathPattern}. */
    private record Fault(String method, Pattern pathPattern, Reply reply, long delayMillis, CountDownLatch arrived,
            CountDownLatch release, boolean beforeHandler, boolean answerOnRelease) {
    }

    /** A request held by {@link #holdNext}: {@code arrived} opens when it comes in; count {@code release} down to answer it. */
    public record Hold(CountDownLatch arrived, CountDownLatch release) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Route> routes = new ArrayList<>();
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<CountDownLatch> hangs = Collections.synchronizedList(new ArrayList<>());

    protected DoubleServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    protected final void route(String method, String regex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(regex), handler));
    }

    public final URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next matching request gets this answer instead of the real one. */
    public final void failNext(String method, String pathRegex, Reply reply) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), reply, 0, null, null, true, false));
    }

    /** The next matching request is answered normally, but only after {@code millis}. */
    public final void delayNext(String method, String pathRegex, long millis) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), null, millis, null, null, true, false));
    }

    /**
     * The next matching request hangs, either before the double acts on it ({@code beforeHandler})
     * or after (its effect done, its answer withheld); the returned latch opens when it arrives.
     */
    public final CountDownLatch hangNext(String method, String pathRegex, boolean beforeHandler) {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        hangs.add(release);
        faults.add(new Fault(method, Pattern.compile(pathRegex), null, 0, arrived, release, beforeHandler, false));
        return arrived;
    }

    /**
     * The next matching request waits, before the double looks at it, until the test releases it;
     * then it is answered normally, with what the double holds at that moment (a slow server).
     */
    public final Hold holdNext(String method, String pathRegex) {
        Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
        hangs.add(hold.release());
        faults.add(new Fault(method, Pattern.compile(pathRegex), null, 0, hold.arrived(), hold.release(), true, true));
        return hold;
    }

    public final List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Seen request = new Seen(exchange.getRequestMethod(), uri.getRawPath(), query(uri.getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            seen.add(request);
            Fault fault = takeFault(request);
            if (fault != null && fault.delayMillis() > 0) {
                Thread.sleep(fault.delayMillis());
            }
            if (fault != null && fault.reply() != null) {
                send(exchange, fault.reply());
                return;
            }
            if (fault != null && fault.answerOnRelease()) {
                fault.arrived().countDown();
                fault.release().await(60, TimeUnit.SECONDS);
                fault = null; // answered normally below
            }
            if (fault != null && fault.release() != null && fault.beforeHandler()) {
                fault.arrived().countDown();
                fault.release().await(60, TimeUnit.SECONDS);
                return; // the client was killed or gave up; nothing was done
            }
            Reply reply = Reply.text(404, "no such route in the test double");
            for (Route route : routes) {
                Matcher m = route.pattern().matcher(uri.getRawPath());
                if (route.method().equals(exchange.getRequestMethod()) && m.matches()) {
                    reply = route.handler().handle(m, request);
                    break;
                }
            }
            if (fault != null && fault.release() != null) {
                fault.arrived().countDown();
                fault.release().await(60, TimeUnit.SECONDS);
                return; // done, but the answer never leaves
            }
            send(exchange, reply);
        } catch (Exception e) {
            try {
                send(exchange, Reply.text(500, "test double failed: " + e));
            } catch (IOException ignored) {
                // the client is gone
            }
        }
    }

    private Fault takeFault(Seen request) {
        for (Fault f : faults) {
            if (f.method().equals(request.method()) && f.pathPattern().matcher(request.path()).matches() && faults.remove(f)) {
                return f;
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    @Override
    public void close() {
        hangs.forEach(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }
}
