package org.coopcloud.ccci.harness.docker;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends one HTTP/1.1 request over a fresh connection to a unix-domain socket and reads the whole
 * response.
 *
 * <p>A connection per request ({@code Connection: close}): connecting to a local socket costs
 * microseconds, and it leaves no keep-alive state to get wrong. The JDK's unix-domain
 * {@link SocketChannel} is an interruptible channel, which gives the two properties the harness
 * needs: a thread interrupt (SIGTERM, the deadline) ends a blocked call at once, surfacing here as
 * {@link InterruptedException}; and a per-request timeout, done by a watchdog that closes the
 * channel (such channels have no read timeout of their own).
 */
public final class UnixSocketTransport {
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final Path socket;

    public UnixSocketTransport(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /**
     * @param target   the request target, path and query, already encoded
     * @param jsonBody a JSON request body, or null for none
     * @throws IOException          the socket could not be reached or the exchange broke; its
     *                              message never contains the request body
     * @throws InterruptedException the calling thread was interrupted (the connection is closed)
     */
    public HttpResponse exchange(String method, String target, byte[] jsonBody, Duration timeout)
            throws IOException, InterruptedException {
        return exchange(method, target, jsonBody, "application/json", timeout);
    }

    /** The same with a body of another type ({@code application/x-tar} for a container's archive). */
    public HttpResponse exchange(String method, String target, byte[] body, String contentType, Duration timeout)
            throws IOException, InterruptedException {
        byte[] jsonBody = body;
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before " + method + " " + target);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                timedOut.set(true);
                closeQuietly(channel);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                writeFully(channel, head(method, target, jsonBody, contentType));
                if (jsonBody != null) {
                    writeFully(channel, jsonBody);
                }
                return HttpResponseReader.read(new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024));
            } finally {
                watchdog.cancel(false);
            }
        } catch (ClosedByInterruptException e) {
            Thread.interrupted(); // the channel left the interrupt status set; the exception replaces it
            InterruptedException interrupted = new InterruptedException("interrupted during " + method + " " + target);
            interrupted.initCause(e);
            throw interrupted;
        } catch (IOException e) {
            if (timedOut.get()) { // the watchdog closed the channel: an AsynchronousCloseException or a short read
                throw new IOException("no complete answer to " + method + " " + target + " within " + timeout.toMillis() + " ms", e);
            }
            throw e;
        }
    }

    private static byte[] head(String method, String target, byte[] jsonBody, String contentType) {
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: docker\r\n")
                .append("User-Agent: cc-ci\r\n")
                .append("Connection: close\r\n");
        if (jsonBody != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(jsonBody.length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void writeFully(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is the whole point; a failure to close leaves nothing to do
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ccci-docker-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true); // thousands of polls must not pile up cancelled tasks
        return executor;
    }
}
