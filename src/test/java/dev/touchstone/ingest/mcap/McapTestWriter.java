package dev.touchstone.ingest.mcap;

import io.airlift.compress.zstd.ZstdCompressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Test-only MCAP writer, written from the specification, so that tests can make files of every layout (chunked or
 * not, compressed or not, with or without summary and indexes) and then damage them on purpose.
 *
 * <p>Records are added in the order they should appear; in chunked mode schemas, channels and messages go into the
 * current chunk, which is closed after {@link #chunkSize} messages or when a top-level record comes.
 */
final class McapTestWriter {

    String profile = "ros2";
    String compression = "";
    boolean chunked = true;
    int chunkSize = 3;
    boolean messageIndexes = true;
    boolean summary = true;
    boolean statistics = true;
    boolean chunkIndexes = true;
    boolean summaryOffsets = true;
    boolean crcs = true;

    /** File offsets of the chunks written, filled by {@link #toBytes()}. */
    final List<Long> chunkOffsets = new ArrayList<>();
    long dataEndOffset;
    long summaryStart;
    long footerOffset;

    private sealed interface Item {
    }

    private record SchemaItem(int id, String name, String encoding, byte[] data) implements Item {
    }

    private record ChannelItem(int id, int schemaId, String topic, String encoding, Map<String, String> metadata)
            implements Item {
    }

    private record MessageItem(int channelId, long sequence, long logTime, long publishTime, byte[] data)
            implements Item {
    }

    private record TopLevelItem(int opcode, byte[] body) implements Item {
    }

    private final List<Item> items = new ArrayList<>();

    McapTestWriter schema(int id, String name, String encoding, String text) {
        items.add(new SchemaItem(id, name, encoding, text.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    McapTestWriter channel(int id, int schemaId, String topic, String encoding) {
        items.add(new ChannelItem(id, schemaId, topic, encoding, Map.of("offered_qos_profiles", "")));
        return this;
    }

    McapTestWriter message(int channelId, long logTime, byte[] data) {
        items.add(new MessageItem(channelId, items.size(), logTime, logTime + 1, data));
        return this;
    }

    /** A record outside any chunk: an attachment, metadata or a record with an opcode readers do not know. */
    McapTestWriter topLevel(int opcode, byte[] body) {
        items.add(new TopLevelItem(opcode, body));
        return this;
    }

    McapTestWriter attachment(String name, byte[] data) {
        Body body = new Body().u64(5).u64(6).string(name).string("application/octet-stream").u64(data.length)
                .bytes(data);
        CRC32 crc = new CRC32();
        crc.update(body.toBytes());
        return topLevel(0x09, body.u32(crcs ? crc.getValue() : 0).toBytes());
    }

    McapTestWriter metadata(String name, Map<String, String> values) {
        return topLevel(0x0C, new Body().string(name).stringMap(values).toBytes());
    }

    byte[] toBytes() {
        Body file = new Body().bytes(McapRecordReader.MAGIC);
        file.record(0x01, new Body().string(profile).string("touchstone-test").toBytes());

        Map<Integer, SchemaItem> schemas = new TreeMap<>();
        Map<Integer, ChannelItem> channels = new TreeMap<>();
        Map<Integer, Long> counts = new TreeMap<>();
        List<byte[]> chunkIndexRecords = new ArrayList<>();
        long start = -1;
        long end = 0;
        long messages = 0;
        long attachments = 0;
        long metadata = 0;

        Chunk chunk = new Chunk();
        for (Item item : items) {
            switch (item) {
                case SchemaItem schema -> {
                    schemas.putIfAbsent(schema.id(), schema);
                    place(file, chunk, 0x03, schemaBody(schema));
                }
                case ChannelItem channel -> {
                    channels.putIfAbsent(channel.id(), channel);
                    place(file, chunk, 0x04, channelBody(channel));
                }
                case MessageItem message -> {
                    if (chunked) {
                        chunk.add(message);
                    }
                    place(file, chunk, 0x05, new Body().u16(message.channelId()).u32(message.sequence())
                            .u64(message.logTime()).u64(message.publishTime()).bytes(message.data()).toBytes());
                    counts.merge(message.channelId(), 1L, Long::sum);
                    messages++;
                    start = start < 0 ? message.logTime() : Math.min(start, message.logTime());
                    end = Math.max(end, message.logTime());
                    if (chunked && chunk.messages >= chunkSize) {
                        flush(file, chunk, chunkIndexRecords);
                        chunk = new Chunk();
                    }
                }
                case TopLevelItem top -> {
                    if (chunk.hasRecords()) {
                        flush(file, chunk, chunkIndexRecords);
                        chunk = new Chunk();
                    }
                    attachments += top.opcode() == 0x09 ? 1 : 0;
                    metadata += top.opcode() == 0x0C ? 1 : 0;
                    file.record(top.opcode(), top.body());
                }
            }
        }
        if (chunk.hasRecords()) {
            flush(file, chunk, chunkIndexRecords);
        }

        dataEndOffset = file.size();
        CRC32 dataCrc = new CRC32();
        dataCrc.update(file.toBytes());
        file.record(0x0F, new Body().u32(crcs ? dataCrc.getValue() : 0).toBytes());

        summaryStart = 0;
        long summaryOffsetStart = 0;
        if (summary) {
            summaryStart = file.size();
            Map<Integer, long[]> groups = new LinkedHashMap<>();
            group(file, groups, 0x03, schemas.values().stream().map(McapTestWriter::schemaBody).toList());
            group(file, groups, 0x04, channels.values().stream().map(McapTestWriter::channelBody).toList());
            if (statistics) {
                Body counted = new Body();
                counts.forEach((channel, count) -> counted.u16(channel).u64(count));
                group(file, groups, 0x0B, List.of(new Body().u64(messages).u16(schemas.size()).u32(channels.size())
                        .u32(attachments).u32(metadata).u32(chunkOffsets.size()).u64(Math.max(start, 0)).u64(end)
                        .u32(counted.size()).bytes(counted.toBytes()).toBytes()));
            }
            if (chunkIndexes) {
                group(file, groups, 0x08, chunkIndexRecords);
            }
            if (summaryOffsets) {
                summaryOffsetStart = file.size();
                groups.forEach((opcode, range) -> file.record(0x0E, new Body().u8(opcode).u64(range[0])
                        .u64(range[1]).toBytes()));
            }
            if (file.size() == summaryStart) {
                summaryStart = 0;
            }
        }
        footerOffset = file.size();
        Body footer = new Body().u64(summaryStart).u64(summaryOffsetStart);
        CRC32 summaryCrc = new CRC32();
        byte[] sofar = file.toBytes();
        long crcFrom = summaryStart != 0 ? summaryStart : footerOffset;
        summaryCrc.update(sofar, (int) crcFrom, sofar.length - (int) crcFrom);
        summaryCrc.update(new byte[] {0x02});
        summaryCrc.update(new Body().u64(20).toBytes());
        summaryCrc.update(footer.toBytes());
        file.record(0x02, footer.u32(crcs ? summaryCrc.getValue() : 0).toBytes());
        return file.bytes(McapRecordReader.MAGIC).toBytes();
    }

    private void place(Body file, Chunk chunk, int opcode, byte[] body) {
        if (chunked) {
            chunk.record(opcode, body);
        } else {
            file.record(opcode, body);
        }
    }

    private void flush(Body file, Chunk chunk, List<byte[]> chunkIndexRecords) {
        byte[] records = chunk.records.toBytes();
        CRC32 crc = new CRC32();
        crc.update(records);
        byte[] stored = compress(records);
        long offset = file.size();
        chunkOffsets.add(offset);
        file.record(0x06, new Body().u64(chunk.start()).u64(chunk.end).u64(records.length)
                .u32(crcs ? crc.getValue() : 0).string(compression).u64(stored.length).bytes(stored).toBytes());
        long chunkLength = file.size() - offset;
        Map<Integer, Long> indexOffsets = new TreeMap<>();
        long indexStart = file.size();
        if (messageIndexes) {
            chunk.index.forEach((channel, entries) -> {
                indexOffsets.put(channel, (long) file.size());
                Body list = new Body();
                entries.forEach(entry -> list.u64(entry[0]).u64(entry[1]));
                file.record(0x07, new Body().u16(channel).u32(list.size()).bytes(list.toBytes()).toBytes());
            });
        }
        Body offsets = new Body();
        indexOffsets.forEach((channel, at) -> offsets.u16(channel).u64(at));
        chunkIndexRecords.add(new Body().u64(chunk.start()).u64(chunk.end).u64(offset).u64(chunkLength)
                .u32(offsets.size()).bytes(offsets.toBytes()).u64(file.size() - indexStart).string(compression)
                .u64(stored.length).u64(records.length).toBytes());
    }

    private byte[] compress(byte[] records) {
        return switch (compression) {
            case "" -> records;
            case "zstd" -> {
                ZstdCompressor zstd = new ZstdCompressor();
                byte[] out = new byte[zstd.maxCompressedLength(records.length)];
                int length = zstd.compress(records, 0, records.length, out, 0, out.length);
                yield Arrays.copyOf(out, length);
            }
            case "lz4" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out,
                        LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, records.length,
                        LZ4Factory.safeInstance().fastCompressor(), XXHashFactory.safeInstance().hash32(),
                        LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                        LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
                    lz4.write(records);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                yield out.toByteArray();
            }
            default -> throw new IllegalArgumentException(compression);
        };
    }

    private static void group(Body file, Map<Integer, long[]> groups, int opcode, List<byte[]> bodies) {
        if (bodies.isEmpty()) {
            return;
        }
        long start = file.size();
        bodies.forEach(body -> file.record(opcode, body));
        groups.put(opcode, new long[] {start, file.size() - start});
    }

    private static byte[] schemaBody(SchemaItem schema) {
        return new Body().u16(schema.id()).string(schema.name()).string(schema.encoding())
                .u32(schema.data().length).bytes(schema.data()).toBytes();
    }

    private static byte[] channelBody(ChannelItem channel) {
        return new Body().u16(channel.id()).u16(channel.schemaId()).string(channel.topic())
                .string(channel.encoding()).stringMap(channel.metadata()).toBytes();
    }

    /** The records of the chunk being filled, with its message index. */
    private static final class Chunk {
        final Body records = new Body();
        final Map<Integer, List<long[]>> index = new TreeMap<>();
        int messages;
        long start = -1;
        long end;

        void add(MessageItem message) {
            index.computeIfAbsent(message.channelId(), id -> new ArrayList<>())
                    .add(new long[] {message.logTime(), records.size()});
            messages++;
            start = start < 0 ? message.logTime() : Math.min(start, message.logTime());
            end = Math.max(end, message.logTime());
        }

        long start() {
            return Math.max(start, 0);
        }

        void record(int opcode, byte[] body) {
            records.record(opcode, body);
        }

        boolean hasRecords() {
            return records.size() > 0;
        }
    }

    /** Little-endian byte building. */
    static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body u8(int value) {
            out.write(value);
            return this;
        }

        Body u16(int value) {
            return bytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
        }

        Body u32(long value) {
            return bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
        }

        Body u64(long value) {
            return bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }

        Body string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            return u32(bytes.length).bytes(bytes);
        }

        Body stringMap(Map<String, String> values) {
            Body entries = new Body();
            values.forEach((key, value) -> entries.string(key).string(value));
            return u32(entries.size()).bytes(entries.toBytes());
        }

        Body bytes(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        Body record(int opcode, byte[] body) {
            return u8(opcode).u64(body.length).bytes(body);
        }

        int size() {
            return out.size();
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
