package dev.touchstone.ingest.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The record level of MCAP: every record of a file in file order, from the Header to the Footer, one at a time.
 * Chunks come back still compressed; {@link #chunkRecords} opens one. Unknown opcodes come back as
 * {@link McapRecord.Unknown} and are otherwise skipped.
 *
 * <p>While walking, the reader computes the CRC of the data section and checks it against the DataEnd record when
 * that record carries one; {@link #chunkRecords} checks a chunk's CRC. Importers want {@link McapFile} instead; this
 * class is for tools and for looking at what a file actually contains.
 *
 * <p>Not thread-safe. Closing the reader closes the channel.
 */
public final class McapRecordReader implements AutoCloseable {

    static final byte[] MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};

    private final ByteSource source;
    private final RecordCursor cursor;
    private final CRC32 dataCrc = new CRC32();
    private boolean inDataSection = true;
    private boolean finished;

    private McapRecordReader(ByteSource source) {
        this.source = source;
        checkLeadingMagic(source);
        dataCrc.update(MAGIC);
        this.cursor = new RecordCursor(source, MAGIC.length, source.size(), "the end of the file", dataCrc);
    }

    public static McapRecordReader open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new McapRecordReader(new ByteSource(channel, path.toString()));
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads from any seekable channel; {@code name} is what error messages call the file. */
    public static McapRecordReader of(SeekableByteChannel channel, String name) {
        return new McapRecordReader(new ByteSource(channel, name));
    }

    /** The next record, or null once the Footer and the trailing magic have been read. */
    public McapRecord next() {
        if (finished) {
            return null;
        }
        if (!cursor.hasMore()) {
            throw McapException.ofFile(source.name(), "ends at offset " + cursor.position()
                    + " without a Footer record: the file is truncated or its writer did not finish it");
        }
        if (inDataSection && cursor.peekOpcode() == Opcode.DATA_END.code()) {
            // The data section CRC covers everything before the DataEnd record.
            cursor.stopCrc();
            inDataSection = false;
            McapRecord.DataEnd dataEnd = (McapRecord.DataEnd) cursor.next();
            checkDataSectionCrc(source.name(), cursor.recordOffset(), dataEnd, dataCrc);
            return dataEnd;
        }
        McapRecord record = cursor.next();
        if (record instanceof McapRecord.Footer) {
            finished = true;
            checkTrailingMagic(cursor.position());
        }
        return record;
    }

    /** File offset of the record {@link #next()} returned last. */
    public long offset() {
        return cursor.recordOffset();
    }

    /**
     * The records inside a chunk that {@link #next()} returned (Schema, Channel and Message records, usually),
     * decompressed and with the chunk CRC checked. {@code chunkOffset} is the chunk's file offset, for errors.
     */
    public List<McapRecord> chunkRecords(McapRecord.Chunk chunk, long chunkOffset) {
        ByteBuffer data = ChunkDecoder.decode(chunk, Site.inFile(source.name(), "Chunk", chunkOffset));
        ChunkRecords records = new ChunkRecords(data, source.name(), chunkOffset);
        List<McapRecord> list = new ArrayList<>();
        while (records.hasMore()) {
            list.add(records.next());
        }
        return list;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    static void checkDataSectionCrc(String file, long offset, McapRecord.DataEnd dataEnd, CRC32 computed) {
        long stored = dataEnd.dataSectionCrc();
        if (stored != 0 && stored != computed.getValue()) {
            throw McapException.ofRecord(file, "DataEnd", offset, String.format("data section CRC mismatch: the "
                    + "file records 0x%08x but its data gives 0x%08x", stored, computed.getValue()));
        }
    }

    static void checkLeadingMagic(ByteSource source) {
        if (source.size() < MAGIC.length) {
            throw McapException.ofFile(source.name(), "is " + source.size()
                    + " bytes long, too short to be an MCAP file");
        }
        ByteBuffer start = source.read(0, MAGIC.length);
        for (int i = 0; i < MAGIC.length; i++) {
            if (start.get(i) != MAGIC[i]) {
                if (i == 5) {
                    throw McapException.ofFile(source.name(), "is MCAP major version '" + (char) start.get(i)
                            + "'; this reader supports version 0");
                }
                throw McapException.ofFile(source.name(), "is not an MCAP file: it does not start with the MCAP "
                        + "magic bytes (it starts with " + hex(start) + ")");
            }
        }
    }

    private void checkTrailingMagic(long footerEnd) {
        long left = source.size() - footerEnd;
        if (left != MAGIC.length || !ByteBuffer.wrap(MAGIC).equals(source.read(footerEnd, MAGIC.length))) {
            throw McapException.ofFile(source.name(), "the Footer record is not followed by the MCAP magic bytes "
                    + "and the end of the file (" + left + " bytes follow it)");
        }
    }

    static String hex(ByteBuffer bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = bytes.position(); i < bytes.limit(); i++) {
            text.append(String.format("%02x", bytes.get(i)));
        }
        return text.toString();
    }
}
