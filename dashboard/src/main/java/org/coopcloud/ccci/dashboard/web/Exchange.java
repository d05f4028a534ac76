package org.coopcloud.ccci.dashboard.web;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its answer over Jetty. The answer is sent exactly once: whichever comes first of
 * the route's own answer, the error handler's 500 and the request-time limit's 503 wins, and the
 * others are dropped (so a late render never writes into a response already sent).
 */
final class Exchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final AtomicBoolean answered = new AtomicBoolean();

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    /** The path as sent, still percent-encoded. */
    String rawPath() {
        String path = request.getHttpURI().getPath();
        return path == null ? "/" : path;
    }

    String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    String method() {
        return request.getMethod();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    InputStream body() {
        return Request.asInputStream(request);
    }

    boolean answered() {
        return answered.get();
    }

    /** Sends the answer unless one was sent already; false when it was. */
    boolean send(int status, String type, byte[] body, Map<String, String> headers) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("response already committed"));
            return true;
        }
        response.setStatus(status);
        if (type != null) {
            response.getHeaders().put("Content-Type", type);
        }
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        headers.forEach((k, v) -> response.getHeaders().put(k, v));
        boolean head = method().equals("HEAD");
        if (status != 304) {
            response.getHeaders().put("Content-Length", String.valueOf(body.length));
        }
        if (head || body.length == 0 || status == 304) {
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
    }

    /** Gives up on the request (the connection is cut) when no answer can be sent any more. */
    void abort(Throwable cause) {
        if (answered.compareAndSet(false, true)) {
            callback.failed(cause);
        }
    }
}
