package dev.touchstone.ingest.mcap;

import io.airlift.compress.zstd.ZstdInputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.xxhash.XXHashFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Opens a chunk's records: decompresses them and checks their size and CRC.
 *
 * <p>Decompression streams into a buffer that grows with what the codec actually produces, up to the size the
 * chunk declares. A corrupt chunk that declares a gigabyte but decodes to a few bytes therefore costs a few bytes,
 * and one that decodes to more than it declares is stopped at the declared size.
 *
 * <p>LZ4 uses lz4-java's pure-Java "safe" decompressor on purpose: the native and Unsafe variants are faster but
 * are not the ones to trust with bytes from an uploaded file, and avoid native-access warnings on current JDKs.
 */
final class ChunkDecoder {

    /** Chunks are in memory one (or a few) at a time; writers use 1-8 MiB, so this only stops nonsense sizes. */
    static final long MAX_UNCOMPRESSED_SIZE = 1L << 30;

    private ChunkDecoder() {
    }

    static ByteBuffer decode(McapRecord.Chunk chunk, Site site) {
        long declared = chunk.uncompressedSize();
        if (declared > MAX_UNCOMPRESSED_SIZE) {
            throw site.error("chunk declares " + declared + " uncompressed bytes, more than the "
                    + MAX_UNCOMPRESSED_SIZE + " this reader holds in memory at once");
        }
        ByteBuffer records = chunk.records();
        ByteBuffer data = switch (chunk.compression()) {
            case "" -> {
                if (records.remaining() != declared) {
                    throw site.error("uncompressed chunk holds " + records.remaining() + " bytes of records but "
                            + "declares " + declared);
                }
                yield records;
            }
            case "zstd" -> inflate(site, "zstd", declared, () -> new ZstdInputStream(asStream(records)));
            case "lz4" -> inflate(site, "lz4", declared, () -> new LZ4FrameInputStream(asStream(records),
                    LZ4Factory.safeInstance().safeDecompressor(), XXHashFactory.safeInstance().hash32()));
            default -> throw site.error("unsupported chunk compression '" + chunk.compression()
                    + "' (supported: none, zstd, lz4)");
        };
        if (chunk.uncompressedCrc() != 0) {
            CRC32 crc = new CRC32();
            crc.update(data.duplicate());
            if (crc.getValue() != chunk.uncompressedCrc()) {
                throw site.error(String.format("CRC mismatch: the chunk records 0x%08x but its data gives 0x%08x",
                        chunk.uncompressedCrc(), crc.getValue()));
            }
        }
        return data.order(ByteOrder.LITTLE_ENDIAN);
    }

    private interface StreamOpener {
        InputStream open() throws IOException;
    }

    private static ByteBuffer inflate(Site site, String codec, long declared, StreamOpener opener) {
        byte[] out = new byte[(int) Math.min(declared, 1 << 20)];
        int filled = 0;
        try (InputStream in = opener.open()) {
            while (filled < declared) {
                if (filled == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(declared, (long) out.length * 2));
                }
                int read = in.read(out, filled, out.length - filled);
                if (read < 0) {
                    throw site.error(codec + " data decompresses to " + filled + " bytes but the chunk declares "
                            + declared);
                }
                filled += read;
            }
            if (in.read() >= 0) {
                throw site.error(codec + " data decompresses to more than the " + declared
                        + " bytes the chunk declares");
            }
        } catch (McapException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Codecs report corrupt input with their own exception types, some of them unchecked.
            throw site.error(codec + " data is corrupt: " + e.getMessage(), e);
        }
        return ByteBuffer.wrap(out);
    }

    /** Reads a (read-only, so array-less) buffer as a stream without copying it first. */
    private static InputStream asStream(ByteBuffer buffer) {
        return new InputStream() {
            @Override
            public int read() {
                return buffer.hasRemaining() ? Byte.toUnsignedInt(buffer.get()) : -1;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                if (!buffer.hasRemaining()) {
                    return -1;
                }
                int count = Math.min(length, buffer.remaining());
                buffer.get(target, offset, count);
                return count;
            }

            @Override
            public int available() {
                return buffer.remaining();
            }
        };
    }
}
