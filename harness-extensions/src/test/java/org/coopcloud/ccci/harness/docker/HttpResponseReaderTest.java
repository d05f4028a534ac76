package org.coopcloud.ccci.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The response parser on byte arrays: every framing the daemon uses, and broken ones. */
class HttpResponseReaderTest {

    private static HttpResponse parse(String raw) throws IOException {
        return HttpResponseReader.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void contentLengthBodyStopsAtTheLengthEvenIfMoreBytesFollow() throws IOException {
        HttpResponse response = parse("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]garbage");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.reason()).isEqualTo("OK");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyText()).isEqualTo("[]");
    }

    @Test
    void chunkedBodyIsReassembledWithExtensionsAndTrailersIgnored() throws IOException {
        HttpResponse response = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n"
                + "1\r\n \r\n"
                + "A\r\n0123456789\r\n"
                + "0\r\nX-Trailer: yes\r\n\r\n");

        assertThat(response.bodyText()).isEqualTo("hello 0123456789");
    }

    @Test
    void chunkSizesAreHexadecimalAndMayBeUpperCase() throws IOException {
        String chunk = "x".repeat(0x1F);
        HttpResponse response = parse("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n1F\r\n" + chunk + "\r\n0\r\n\r\n");

        assertThat(response.bodyText()).isEqualTo(chunk);
    }

    @Test
    void bodyWithoutLengthOrChunkingRunsToTheEndOfTheStream() throws IOException {
        // How the daemon answers a non-detached exec start: a hijacked connection.
        HttpResponse response = parse("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nraw bytes");

        assertThat(response.bodyText()).isEqualTo("raw bytes");
    }

    @Test
    void noContentHasAnEmptyBody() throws IOException {
        HttpResponse response = parse("HTTP/1.1 204 No Content\r\n\r\n");

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(response.isSuccess()).isTrue();
    }

    @Test
    void interimContinueIsSkipped() throws IOException {
        HttpResponse response = parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.isSuccess()).isFalse();
    }

    @Test
    void shortContentLengthBodyIsAnError() {
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("3 of 10");
    }

    @Test
    void truncatedChunkIsAnError() {
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void badChunkSizeIsAnError() {
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bad chunk size");
    }

    @Test
    void chunkNotFollowedByCrlfIsAnError() {
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n0\r\n\r\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not followed by CRLF");
    }

    @Test
    void nonHttpAnswerIsAnError() {
        assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH\r\n\r\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an HTTP/1.x status line");
    }

    @Test
    void connectionClosedInTheHeadIsAnError() {
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Le"))
                .isInstanceOf(EOFException.class);
    }
}
