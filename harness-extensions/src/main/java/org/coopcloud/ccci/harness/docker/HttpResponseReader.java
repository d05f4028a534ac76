package org.coopcloud.ccci.harness.docker;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one HTTP/1.1 response from a stream: status line, headers, then a body framed by
 * {@code Transfer-Encoding: chunked}, by {@code Content-Length}, or by the end of the stream.
 *
 * <p>The last form matters: the daemon answers a non-detached exec start by hijacking the
 * connection and writing a bare {@code 200 OK} with neither header, then the raw multiplexed
 * stream until the process ends and it closes the connection. Every request is sent with
 * {@code Connection: close}, so reading to the end is always safe.
 */
public final class HttpResponseReader {
    private static final int MAX_LINE = 64 * 1024;

    private HttpResponseReader() {
    }

    public static HttpResponse read(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = parseStatus(statusLine);
        Map<String, String> headers = readHeaders(in);
        while (status >= 100 && status < 200) { // an interim "100 Continue": the real answer follows
            statusLine = readLine(in);
            status = parseStatus(statusLine);
            headers = readHeaders(in);
        }
        String[] statusParts = statusLine.split(" ", 3);
        String reason = statusParts.length > 2 ? statusParts[2] : "";
        byte[] body;
        String transferEncoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (transferEncoding.contains("chunked")) {
            body = readChunked(in);
        } else if (headers.containsKey("content-length")) {
            body = readExactly(in, parseLength(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new HttpResponse(status, reason, Map.copyOf(headers), body);
    }

    private static int parseStatus(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine));
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status in: " + abbreviate(statusLine), e);
        }
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed HTTP header line: " + abbreviate(line));
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';'); // chunk extensions carry nothing we need
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line: " + abbreviate(sizeLine), e);
            }
            if (size < 0) {
                throw new IOException("bad chunk size line: " + abbreviate(sizeLine));
            }
            if (size == 0) {
                readHeaders(in); // trailers, up to the final empty line
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            if (!readLine(in).isEmpty()) {
                throw new IOException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    private static int parseLength(String value) throws IOException {
        try {
            int length = Integer.parseInt(value.trim());
            if (length < 0) {
                throw new IOException("negative Content-Length: " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + abbreviate(value), e);
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("connection closed after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    /** A CRLF-terminated line (a bare LF is tolerated), without the terminator. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the middle of the HTTP response head");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("HTTP line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
