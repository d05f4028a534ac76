package org.coopcloud.ccci.harness.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Splits the daemon's multiplexed attach/exec stream (used when no TTY is allocated) into stdout
 * and stderr. Each frame is an 8-byte header, {@code [stream, 0, 0, 0, size as big-endian
 * uint32]}, followed by {@code size} bytes; stream 1 is stdout, 2 is stderr (0, stdin, is
 * never sent to us but is kept with stdout rather than failing).
 */
public final class StreamDemultiplexer {
    /** The two streams, in the order their bytes were written within each. */
    public record Streams(byte[] stdout, byte[] stderr) {
    }

    private StreamDemultiplexer() {
    }

    /** Both streams' bytes in the order of their frames (a log's lines as they were written). */
    public static byte[] inOrder(byte[] raw) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int position = 0;
        while (position < raw.length) {
            position = frame(raw, position, all, all);
        }
        return all.toByteArray();
    }

    public static Streams demultiplex(byte[] raw) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int position = 0;
        while (position < raw.length) {
            position = frame(raw, position, stdout, stderr);
        }
        return new Streams(stdout.toByteArray(), stderr.toByteArray());
    }

    /** Copies the frame at {@code position} to its stream; returns where the next frame starts. */
    private static int frame(byte[] raw, int position, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr)
            throws IOException {
        if (raw.length - position < 8) {
            throw new IOException("truncated stream frame header at byte " + position);
        }
        int stream = raw[position] & 0xff;
        long size = ((raw[position + 4] & 0xffL) << 24) | ((raw[position + 5] & 0xffL) << 16)
                | ((raw[position + 6] & 0xffL) << 8) | (raw[position + 7] & 0xffL);
        if (stream > 2) {
            throw new IOException("unknown stream " + stream + " in frame at byte " + position);
        }
        position += 8;
        if (size > raw.length - position) {
            throw new IOException("frame of " + size + " bytes at byte " + (position - 8)
                    + " but only " + (raw.length - position) + " left");
        }
        (stream == 2 ? stderr : stdout).write(raw, position, (int) size);
        return position + (int) size;
    }
}
