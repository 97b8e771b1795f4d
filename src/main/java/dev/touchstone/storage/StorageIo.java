package dev.touchstone.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small stream helpers shared by the stores. */
final class StorageIo {

    private StorageIo() {
    }

    static void checkRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("Range offset and length must not be negative (offset " + offset
                    + ", length " + length + ")");
        }
    }

    static BlobStoreException rangePastEnd(String key, long offset, long size) {
        return new BlobStoreException("Range of blob '" + key + "' starts at byte " + offset
                + ", past its end (size " + size + " bytes)");
    }

    static BlobStoreException lengthMismatch(String key, long expected, long actual) {
        return new BlobStoreException("Blob '" + key + "' was announced with " + expected + " bytes but the stream "
                + (actual > expected ? "delivered more" : "ended after " + actual) + "; nothing was stored");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** At most {@code remaining} bytes of the underlying stream; closing closes the underlying stream. */
    static InputStream bounded(InputStream in, long remaining) {
        return new FilterInputStream(in) {
            private long left = remaining;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return len == 0 ? 0 : -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(Math.min(n, left));
                left -= skipped;
                return skipped;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(super.available(), left);
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }
}
