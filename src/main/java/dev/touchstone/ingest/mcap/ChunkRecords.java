package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Walks the records inside a chunk's uncompressed data, the same way {@link RecordCursor} walks the file. */
final class ChunkRecords {

    private static final int PREFIX = 9;

    private final ByteBuffer data;
    private final String file;
    private final long chunkOffset;
    private int position;
    private int recordOffset = -1;

    ChunkRecords(ByteBuffer data, String file, long chunkOffset) {
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.file = file;
        this.chunkOffset = chunkOffset;
    }

    boolean hasMore() {
        return position < data.limit();
    }

    /** Offset of the record {@link #next()} returned last, from the start of the uncompressed records. */
    int recordOffset() {
        return recordOffset;
    }

    McapRecord next() {
        int available = data.limit() - position;
        Site site = Site.inChunk(file, available > 0 ? Opcode.nameOf(Byte.toUnsignedInt(data.get(position)))
                : "next", position, chunkOffset);
        if (available < PREFIX) {
            throw site.error("only " + available + " bytes are left in the chunk, a record needs at least "
                    + PREFIX);
        }
        int code = Byte.toUnsignedInt(data.get(position));
        long length = data.getLong(position + 1);
        if (code == 0) {
            throw site.error("opcode 0 is not a valid record type (the chunk is corrupt here)");
        }
        if (length < 0 || length > available - PREFIX) {
            throw site.error("record length " + Long.toUnsignedString(length) + " runs past the end of the chunk ("
                    + (available - PREFIX) + " bytes are left)");
        }
        McapRecord record = RecordParser.parse(code, data.slice(position + PREFIX, (int) length), site);
        recordOffset = position;
        position += PREFIX + (int) length;
        return record;
    }

    /** The site of the record returned last, for errors found after parsing it (an undefined channel). */
    Site site(McapRecord record) {
        return Site.inChunk(file, Opcode.nameOf(record), recordOffset, chunkOffset);
    }
}
