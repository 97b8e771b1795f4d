package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Walks the records of one region of a file ({@code start} to {@code end}), checking every record's length against
 * the region before reading it. Each step moves forward by at least the 9-byte record prefix, so a corrupt file can
 * end the walk with an error but never loop.
 *
 * <p>With a {@link CRC32} it also feeds every byte it passes through to it, including the data of attachments and
 * unknown records that it otherwise skips: that is how the data section CRC of the DataEnd record gets checked while
 * streaming.
 */
final class RecordCursor {

    /** A bound for records read whole; chunks are bounded separately by {@link ChunkDecoder}. */
    static final long MAX_RECORD_LENGTH = (1L << 31) - 64;

    private static final int PREFIX = 9;

    private final ByteSource source;
    private final long end;
    private final String endName;
    private CRC32 crc;
    private long position;
    private long recordOffset = -1;

    /**
     * @param endName what lies at {@code end}, for errors ("the end of the file", "the summary section")
     * @param crc     fed with every byte passed over, or null
     */
    RecordCursor(ByteSource source, long start, long end, String endName, CRC32 crc) {
        this.source = source;
        this.position = start;
        this.end = end;
        this.endName = endName;
        this.crc = crc;
    }

    boolean hasMore() {
        return position < end;
    }

    long position() {
        return position;
    }

    /** Offset of the record {@link #next()} returned last. */
    long recordOffset() {
        return recordOffset;
    }

    /** Stops feeding the CRC: the region it covers ends here. */
    void stopCrc() {
        crc = null;
    }

    /** Opcode of the record at the current position, without moving; -1 at the end of the region. */
    int peekOpcode() {
        if (position >= end) {
            return -1;
        }
        return Byte.toUnsignedInt(source.read(position, 1).get(0));
    }

    /** The next record; call only while {@link #hasMore()}. */
    McapRecord next() {
        String file = source.name();
        long available = end - position;
        if (available < PREFIX) {
            throw McapException.ofFile(file, "ends in the middle of a record at offset " + position + ": "
                    + available + " bytes before " + endName + ", a record needs at least " + PREFIX);
        }
        ByteBuffer prefix = source.read(position, PREFIX);
        int code = Byte.toUnsignedInt(prefix.get(0));
        long length = prefix.getLong(1);
        Site site = Site.inFile(file, Opcode.nameOf(code), position);
        if (code == 0) {
            throw site.error("opcode 0 is not a valid record type (the file is corrupt here)");
        }
        if (length < 0 || length > available - PREFIX) {
            throw site.error("record length " + Long.toUnsignedString(length) + " runs past " + endName + " ("
                    + (available - PREFIX) + " bytes are left)");
        }
        long bodyOffset = position + PREFIX;
        if (crc != null) {
            crc.update(prefix.duplicate().clear());
        }
        McapRecord record;
        Opcode opcode = Opcode.of(code);
        if (opcode == null) {
            // Unknown opcodes are skipped, as the specification requires; the CRC still covers them.
            if (crc != null) {
                source.updateCrc(crc, bodyOffset, length);
            }
            record = new McapRecord.Unknown(code, length);
        } else if (opcode == Opcode.ATTACHMENT) {
            record = attachment(site, bodyOffset, length);
        } else {
            if (length > MAX_RECORD_LENGTH) {
                throw site.error("record of " + length + " bytes is too large to read");
            }
            ByteBuffer body = source.read(bodyOffset, (int) length);
            if (crc != null) {
                crc.update(body.duplicate());
            }
            record = RecordParser.parse(code, body, site);
        }
        recordOffset = position;
        position = bodyOffset + length;
        return record;
    }

    /**
     * Reads an attachment's header and CRC but not its data, which may be large. The data is only read when a CRC
     * is being computed anyway, and then the attachment's own CRC is checked on the way.
     */
    private McapRecord.Attachment attachment(Site site, long bodyOffset, long length) {
        long nameEnd = stringEnd(site, bodyOffset, length, 8 + 8, "name");
        long headerLength = stringEnd(site, bodyOffset, length, nameEnd, "media_type") + 8;
        if (headerLength > length || headerLength > MAX_RECORD_LENGTH) {
            throw site.error("record is truncated: its header needs " + headerLength + " of its " + length
                    + " bytes");
        }
        Fields header = new Fields(source.read(bodyOffset, (int) headerLength), site);
        long logTime = header.u64("log_time");
        long createTime = header.u64("create_time");
        String name = header.string("name");
        String mediaType = header.string("media_type");
        long dataSize = header.size64("data length");
        if (dataSize > length - headerLength - 4) {
            throw site.error("attachment data of " + dataSize + " bytes does not fit in the record's " + length
                    + " bytes");
        }
        long dataOffset = bodyOffset + headerLength;
        long storedCrc = Integer.toUnsignedLong(source.read(dataOffset + dataSize, 4).getInt(0));
        if (crc != null) {
            CRC32 own = new CRC32();
            source.updateCrc(own, bodyOffset, headerLength + dataSize);
            if (storedCrc != 0 && own.getValue() != storedCrc) {
                throw site.error(String.format("CRC mismatch: the attachment records 0x%08x but its data gives "
                        + "0x%08x", storedCrc, own.getValue()));
            }
            source.updateCrc(crc, bodyOffset, length);
        }
        return new McapRecord.Attachment(logTime, createTime, name, mediaType, dataOffset, dataSize, storedCrc);
    }

    /** Where a string field that starts {@code at} bytes into the body ends, read from its length prefix. */
    private long stringEnd(Site site, long bodyOffset, long length, long at, String field) {
        if (at + 4 > length) {
            throw site.error("record is truncated: field '" + field + "' does not fit in its " + length + " bytes");
        }
        long stringLength = Integer.toUnsignedLong(source.read(bodyOffset + at, 4).getInt(0));
        return at + 4 + stringLength;
    }
}
