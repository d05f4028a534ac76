package org.coopcloud.ccci.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exec stream framing on byte arrays. */
class StreamDemultiplexerTest {

    private static void frame(ByteArrayOutputStream out, int stream, byte[] payload) {
        int size = payload.length;
        out.writeBytes(new byte[] {(byte) stream, 0, 0, 0, (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
        out.writeBytes(payload);
    }

    private static void frame(ByteArrayOutputStream out, int stream, String text) {
        frame(out, stream, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void interleavedFramesGoToTheirStreamsInOrder() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        frame(raw, 1, "out1\n");
        frame(raw, 2, "err1\n");
        frame(raw, 1, "out2\n");
        frame(raw, 2, "");
        frame(raw, 2, "err2\n");

        StreamDemultiplexer.Streams streams = StreamDemultiplexer.demultiplex(raw.toByteArray());

        assertThat(new String(streams.stdout(), StandardCharsets.UTF_8)).isEqualTo("out1\nout2\n");
        assertThat(new String(streams.stderr(), StandardCharsets.UTF_8)).isEqualTo("err1\nerr2\n");
    }

    @Test
    void frameSizeUsesAllFourBytesBigEndian() throws IOException {
        byte[] big = new byte[70_000]; // needs the third size byte
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        frame(raw, 1, big);

        assertThat(StreamDemultiplexer.demultiplex(raw.toByteArray()).stdout()).isEqualTo(big);
    }

    @Test
    void emptyStreamIsTwoEmptyOutputs() throws IOException {
        StreamDemultiplexer.Streams streams = StreamDemultiplexer.demultiplex(new byte[0]);

        assertThat(streams.stdout()).isEmpty();
        assertThat(streams.stderr()).isEmpty();
    }

    @Test
    void truncatedHeaderIsAnError() {
        assertThatThrownBy(() -> StreamDemultiplexer.demultiplex(new byte[] {1, 0, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void frameLongerThanTheDataIsAnError() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        frame(raw, 1, "abc");
        byte[] bytes = raw.toByteArray();
        bytes[7] = 9;

        assertThatThrownBy(() -> StreamDemultiplexer.demultiplex(bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("only 3 left");
    }

    @Test
    void unknownStreamIsAnError() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        frame(raw, 7, "x");

        assertThatThrownBy(() -> StreamDemultiplexer.demultiplex(raw.toByteArray()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown stream 7");
    }
}
