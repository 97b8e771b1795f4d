package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;

/**
 * Turns the body of one record into a {@link McapRecord}. Fields are read in the specification's order and anything
 * after the last known field is ignored, because the format lets later revisions append fields to records.
 */
final class RecordParser {

    private RecordParser() {
    }

    /**
     * Parses a whole record body. Attachments are read by {@link McapRecordReader} without loading their data; the
     * case here only serves an attachment found where it does not belong (inside a chunk or the summary).
     */
    static McapRecord parse(int code, ByteBuffer body, Site site) {
        Opcode opcode = Opcode.of(code);
        if (opcode == null) {
            return new McapRecord.Unknown(code, body.remaining());
        }
        Fields f = new Fields(body, site);
        return switch (opcode) {
            case HEADER -> new McapRecord.Header(f.string("profile"), f.string("library"));
            case FOOTER -> new McapRecord.Footer(f.size64("summary_start"), f.size64("summary_offset_start"),
                    f.u32("summary_crc"));
            case SCHEMA -> new McapRecord.Schema(f.u16("id"), f.string("name"), f.string("encoding"),
                    f.bytes32("data"));
            case CHANNEL -> new McapRecord.Channel(f.u16("id"), f.u16("schema_id"), f.string("topic"),
                    f.string("message_encoding"), f.stringMap("metadata"));
            case MESSAGE -> new McapRecord.Message(f.u16("channel_id"), f.u32("sequence"), f.u64("log_time"),
                    f.u64("publish_time"), f.rest());
            case CHUNK -> new McapRecord.Chunk(f.u64("message_start_time"), f.u64("message_end_time"),
                    f.size64("uncompressed_size"), f.u32("uncompressed_crc"), f.string("compression"),
                    f.bytes64("records"));
            case MESSAGE_INDEX -> new McapRecord.MessageIndex(f.u16("channel_id"), f.indexEntries("records"));
            case CHUNK_INDEX -> new McapRecord.ChunkIndex(f.u64("message_start_time"), f.u64("message_end_time"),
                    f.size64("chunk_start_offset"), f.size64("chunk_length"), f.u16u64Map("message_index_offsets"),
                    f.size64("message_index_length"), f.string("compression"), f.size64("compressed_size"),
                    f.size64("uncompressed_size"));
            case ATTACHMENT -> attachment(f, -1);
            case ATTACHMENT_INDEX -> new McapRecord.AttachmentIndex(f.size64("offset"), f.size64("length"),
                    f.u64("log_time"), f.u64("create_time"), f.size64("data_size"), f.string("name"),
                    f.string("media_type"));
            case STATISTICS -> new McapRecord.Statistics(f.u64("message_count"), f.u16("schema_count"),
                    f.u32("channel_count"), f.u32("attachment_count"), f.u32("metadata_count"),
                    f.u32("chunk_count"), f.u64("message_start_time"), f.u64("message_end_time"),
                    f.u16u64Map("channel_message_counts"));
            case METADATA -> new McapRecord.Metadata(f.string("name"), f.stringMap("metadata"));
            case METADATA_INDEX -> new McapRecord.MetadataIndex(f.size64("offset"), f.size64("length"),
                    f.string("name"));
            case SUMMARY_OFFSET -> new McapRecord.SummaryOffset(f.u8("group_opcode"), f.size64("group_start"),
                    f.size64("group_length"));
            case DATA_END -> new McapRecord.DataEnd(f.u32("data_section_crc"));
        };
    }

    /** An attachment whose body is fully in {@code f}; {@code bodyOffset} is its file offset, -1 if unknown. */
    private static McapRecord.Attachment attachment(Fields f, long bodyOffset) {
        int start = f.remaining();
        long logTime = f.u64("log_time");
        long createTime = f.u64("create_time");
        String name = f.string("name");
        String mediaType = f.string("media_type");
        ByteBuffer data = f.bytes64("data");
        long dataOffset = bodyOffset < 0 ? -1 : bodyOffset + (start - f.remaining()) - data.remaining();
        return new McapRecord.Attachment(logTime, createTime, name, mediaType, dataOffset, data.remaining(),
                f.u32("crc"));
    }
}
