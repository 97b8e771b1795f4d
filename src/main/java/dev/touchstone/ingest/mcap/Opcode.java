package dev.touchstone.ingest.mcap;

/** The record types of MCAP major version 0. Opcodes not listed here are skipped, as the specification requires. */
public enum Opcode {
    HEADER(0x01, "Header"),
    FOOTER(0x02, "Footer"),
    SCHEMA(0x03, "Schema"),
    CHANNEL(0x04, "Channel"),
    MESSAGE(0x05, "Message"),
    CHUNK(0x06, "Chunk"),
    MESSAGE_INDEX(0x07, "MessageIndex"),
    CHUNK_INDEX(0x08, "ChunkIndex"),
    ATTACHMENT(0x09, "Attachment"),
    ATTACHMENT_INDEX(0x0A, "AttachmentIndex"),
    STATISTICS(0x0B, "Statistics"),
    METADATA(0x0C, "Metadata"),
    METADATA_INDEX(0x0D, "MetadataIndex"),
    SUMMARY_OFFSET(0x0E, "SummaryOffset"),
    DATA_END(0x0F, "DataEnd");

    private static final Opcode[] BY_CODE = new Opcode[0x10];

    static {
        for (Opcode opcode : values()) {
            BY_CODE[opcode.code] = opcode;
        }
    }

    private final int code;
    private final String recordName;

    Opcode(int code, String recordName) {
        this.code = code;
        this.recordName = recordName;
    }

    public int code() {
        return code;
    }

    /** The record's name as the specification spells it, used in error messages. */
    public String recordName() {
        return recordName;
    }

    /** The opcode for a byte read from a file, or null for one this version of the format does not define. */
    public static Opcode of(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    static String nameOf(McapRecord record) {
        return record instanceof McapRecord.Unknown(int code, long ignored) ? nameOf(code)
                : record.opcode().recordName;
    }

    /** A readable name for any opcode byte, known or not. */
    static String nameOf(int code) {
        Opcode opcode = of(code);
        return opcode != null ? opcode.recordName : String.format("unknown (opcode 0x%02x)", code);
    }
}
