package org.coopcloud.ccci.harness.docker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A tar stream of a few small regular files, as the archive endpoints of a container take and give
 * it ({@code PUT/GET /containers/{id}/archive}). A ustar header per file and its content padded to
 * 512-byte blocks is all small files need; a tar library would be more than this class. No
 * directory entries: extracting never touches a directory's owner or mode.
 */
public final class SmallTar {
    private static final int BLOCK = 512;

    private SmallTar() {
    }

    /** A tar holding {@code name} (a plain file name) owned by root, mode 0644. */
    public static byte[] of(String name, byte[] content, long modifiedEpochSeconds) {
        if (name.contains("/")) {
            throw new IllegalArgumentException("a plain file name, without a directory: " + name);
        }
        return of(java.util.Map.of(name, content), modifiedEpochSeconds);
    }

    /**
     * A tar of these files ({@code dir/name} paths relative to where it is extracted, each directory
     * already there), in the map's order, owned by root, mode 0644.
     */
    public static byte[] of(java.util.Map<String, byte[]> files, long modifiedEpochSeconds) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (java.util.Map.Entry<String, byte[]> file : files.entrySet()) {
            byte[] entry = entry(file.getKey(), file.getValue(), modifiedEpochSeconds);
            out.write(entry, 0, entry.length);
        }
        out.write(new byte[2 * BLOCK], 0, 2 * BLOCK); // the end: two zero blocks
        return out.toByteArray();
    }

    private static byte[] entry(String name, byte[] content, long modifiedEpochSeconds) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length > 100 || name.startsWith("/") || name.endsWith("/")
                || java.util.Arrays.asList(name.split("/")).contains("..")) {
            throw new IllegalArgumentException("a relative file path of 1 to 100 characters, without '..': " + name);
        }
        int padded = (content.length + BLOCK - 1) / BLOCK * BLOCK;
        byte[] tar = new byte[BLOCK + padded]; // header, content
        System.arraycopy(nameBytes, 0, tar, 0, nameBytes.length);
        octal(tar, 100, 8, 0644); // mode
        octal(tar, 108, 8, 0); // uid
        octal(tar, 116, 8, 0); // gid
        octal(tar, 124, 12, content.length);
        octal(tar, 136, 12, modifiedEpochSeconds);
        Arrays.fill(tar, 148, 156, (byte) ' '); // the checksum counts itself as spaces
        tar[156] = '0'; // a regular file
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, tar, 257, magic.length);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += tar[i] & 0xff;
        }
        octal(tar, 148, 7, sum);
        tar[155] = ' ';
        System.arraycopy(content, 0, tar, BLOCK, content.length);
        return tar;
    }

    /**
     * The content of the first entry of a tar stream when it is a regular file, else empty (a
     * directory, a link, or no entry at all).
     */
    public static Optional<byte[]> firstFile(byte[] tar) {
        if (tar.length < BLOCK || tar[0] == 0) {
            return Optional.empty();
        }
        byte type = tar[156];
        if (type != '0' && type != 0) {
            return Optional.empty();
        }
        long size = parseOctal(tar, 124, 12);
        if (size < 0 || BLOCK + size > tar.length) {
            throw new IllegalArgumentException("a tar entry of " + size + " bytes in a stream of " + tar.length);
        }
        return Optional.of(Arrays.copyOfRange(tar, BLOCK, BLOCK + (int) size));
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String field = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        byte[] bytes = field.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length - 1));
        header[offset + length - 1] = 0;
    }

    private static long parseOctal(byte[] header, int offset, int length) {
        String field = new String(header, offset, length, StandardCharsets.US_ASCII).replace("\u0000", "").strip();
        return field.isEmpty() ? 0 : Long.parseLong(field, 8);
    }
}
