package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One parsed MCAP record. Field names follow the specification. Timestamps are nanoseconds in the recording's own
 * epoch, stored as the specification's unsigned 64-bit values in a {@code long} (compare them with
 * {@link Long#compareUnsigned}); unsigned 32-bit fields are widened to {@code long}.
 *
 * <p>Byte fields are read-only buffers; the accessors hand out independent views so that reading one never moves
 * another reader's position.
 */
public sealed interface McapRecord {

    /** The record's opcode; null only for {@link Unknown}, whose opcode byte this reader does not define. */
    Opcode opcode();

    record Header(String profile, String library) implements McapRecord {
        public Opcode opcode() {
            return Opcode.HEADER;
        }
    }

    record Footer(long summaryStart, long summaryOffsetStart, long summaryCrc) implements McapRecord {
        public Opcode opcode() {
            return Opcode.FOOTER;
        }
    }

    record Schema(int id, String name, String encoding, ByteBuffer data) implements McapRecord {
        public Schema {
            data = data.asReadOnlyBuffer();
        }

        @Override
        public ByteBuffer data() {
            return data.duplicate();
        }

        /** The schema as text, which it is for the text encodings ({@code ros2msg}, {@code jsonschema}, ...). */
        public String text() {
            return StandardCharsets.UTF_8.decode(data.duplicate()).toString();
        }

        public Opcode opcode() {
            return Opcode.SCHEMA;
        }
    }

    /** A channel; {@code schemaId} 0 means the channel has no schema. */
    record Channel(int id, int schemaId, String topic, String messageEncoding, Map<String, String> metadata)
            implements McapRecord {
        public Channel {
            metadata = Map.copyOf(metadata);
        }

        public Opcode opcode() {
            return Opcode.CHANNEL;
        }
    }

    record Message(int channelId, long sequence, long logTime, long publishTime, ByteBuffer data)
            implements McapRecord {
        public Message {
            data = data.asReadOnlyBuffer();
        }

        @Override
        public ByteBuffer data() {
            return data.duplicate();
        }

        public Opcode opcode() {
            return Opcode.MESSAGE;
        }
    }

    /** A chunk as stored: {@code records} is still compressed; {@link McapRecordReader#chunkRecords} opens it. */
    record Chunk(long messageStartTime, long messageEndTime, long uncompressedSize, long uncompressedCrc,
                 String compression, ByteBuffer records) implements McapRecord {
        public Chunk {
            records = records.asReadOnlyBuffer();
        }

        @Override
        public ByteBuffer records() {
            return records.duplicate();
        }

        public Opcode opcode() {
            return Opcode.CHUNK;
        }
    }

    /** Where one message sits: its log time and its offset in the uncompressed records of the preceding chunk. */
    record MessageIndexEntry(long logTime, long offset) {
    }

    record MessageIndex(int channelId, List<MessageIndexEntry> records) implements McapRecord {
        public MessageIndex {
            records = List.copyOf(records);
        }

        public Opcode opcode() {
            return Opcode.MESSAGE_INDEX;
        }
    }

    /**
     * Where a chunk is ({@code chunkStartOffset}, {@code chunkLength} including opcode and length) and the offsets of
     * its per-channel message indexes; an empty map means the chunk's messages are not indexed.
     */
    record ChunkIndex(long messageStartTime, long messageEndTime, long chunkStartOffset, long chunkLength,
                      Map<Integer, Long> messageIndexOffsets, long messageIndexLength, String compression,
                      long compressedSize, long uncompressedSize) implements McapRecord {
        public ChunkIndex {
            messageIndexOffsets = Map.copyOf(messageIndexOffsets);
        }

        public Opcode opcode() {
            return Opcode.CHUNK_INDEX;
        }
    }

    /**
     * An attachment's header. Its data can be large and is never loaded: {@code dataOffset} is where it starts in
     * the file and {@code dataSize} its length.
     */
    record Attachment(long logTime, long createTime, String name, String mediaType, long dataOffset, long dataSize,
                      long crc) implements McapRecord {
        public Opcode opcode() {
            return Opcode.ATTACHMENT;
        }
    }

    record AttachmentIndex(long offset, long length, long logTime, long createTime, long dataSize, String name,
                           String mediaType) implements McapRecord {
        public Opcode opcode() {
            return Opcode.ATTACHMENT_INDEX;
        }
    }

    /** File statistics; an empty {@code channelMessageCounts} means per-channel counts are not available. */
    record Statistics(long messageCount, int schemaCount, long channelCount, long attachmentCount,
                      long metadataCount, long chunkCount, long messageStartTime, long messageEndTime,
                      Map<Integer, Long> channelMessageCounts) implements McapRecord {
        public Statistics {
            channelMessageCounts = Map.copyOf(channelMessageCounts);
        }

        public Opcode opcode() {
            return Opcode.STATISTICS;
        }
    }

    record Metadata(String name, Map<String, String> metadata) implements McapRecord {
        public Metadata {
            metadata = Map.copyOf(metadata);
        }

        public Opcode opcode() {
            return Opcode.METADATA;
        }
    }

    record MetadataIndex(long offset, long length, String name) implements McapRecord {
        public Opcode opcode() {
            return Opcode.METADATA_INDEX;
        }
    }

    record SummaryOffset(int groupOpcode, long groupStart, long groupLength) implements McapRecord {
        public Opcode opcode() {
            return Opcode.SUMMARY_OFFSET;
        }
    }

    record DataEnd(long dataSectionCrc) implements McapRecord {
        public Opcode opcode() {
            return Opcode.DATA_END;
        }
    }

    /**
     * A record whose opcode this reader does not know (a newer format revision or an application extension). The
     * specification says to skip those; it is reported rather than hidden so that a tool can list it.
     */
    record Unknown(int code, long length) implements McapRecord {
        public Opcode opcode() {
            return null;
        }
    }
}
