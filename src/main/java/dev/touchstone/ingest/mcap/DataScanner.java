package dev.touchstone.ingest.mcap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads the data section front to back: messages in file order, one chunk in memory at a time. On the way it checks
 * every chunk CRC and the data section CRC, and notes what a summary needs (chunk positions, counts), which is how
 * files without a summary get one.
 */
final class DataScanner {

    private final ByteSource source;
    private final RecordCursor cursor;
    private final CRC32 dataCrc = new CRC32();
    private final Definitions definitions;
    private final MessageQuery query;
    private ChunkRecords chunk;
    private boolean done;

    final List<McapRecord.ChunkIndex> chunkPositions = new ArrayList<>();
    long attachmentCount;
    long metadataCount;
    boolean messagesOutsideChunks;

    /** @param end where the data section ends at the latest (the summary section or the footer) */
    DataScanner(ByteSource source, long end, String endName, Definitions definitions, MessageQuery query) {
        this.source = source;
        this.definitions = definitions;
        this.query = query;
        dataCrc.update(McapRecordReader.MAGIC);
        this.cursor = new RecordCursor(source, McapRecordReader.MAGIC.length, end, endName, dataCrc);
    }

    /** The next wanted message, or null at the end of the data section. */
    McapMessage next() {
        while (true) {
            if (chunk != null) {
                if (chunk.hasMore()) {
                    McapRecord record = chunk.next();
                    McapMessage message = handle(record, chunk.site(record));
                    if (message != null) {
                        return message;
                    }
                    continue;
                }
                chunk = null;
            }
            if (done || !cursor.hasMore()) {
                done = true;
                return null;
            }
            if (cursor.peekOpcode() == Opcode.DATA_END.code()) {
                cursor.stopCrc();
                McapRecord.DataEnd dataEnd = (McapRecord.DataEnd) cursor.next();
                McapRecordReader.checkDataSectionCrc(source.name(), cursor.recordOffset(), dataEnd, dataCrc);
                done = true;
                return null;
            }
            McapRecord record = cursor.next();
            long offset = cursor.recordOffset();
            Site site = Site.inFile(source.name(), Opcode.nameOf(record), offset);
            switch (record) {
                case McapRecord.Chunk found -> {
                    chunkPositions.add(new McapRecord.ChunkIndex(found.messageStartTime(), found.messageEndTime(),
                            offset, cursor.position() - offset, Map.of(), 0, found.compression(),
                            found.records().remaining(), found.uncompressedSize()));
                    chunk = new ChunkRecords(ChunkDecoder.decode(found, site), source.name(), offset);
                }
                case McapRecord.Message message -> {
                    messagesOutsideChunks = true;
                    McapMessage resolved = handle(message, site);
                    if (resolved != null) {
                        return resolved;
                    }
                }
                case McapRecord.Attachment ignored -> attachmentCount++;
                case McapRecord.Metadata ignored -> metadataCount++;
                default -> handle(record, site);
            }
        }
    }

    private McapMessage handle(McapRecord record, Site site) {
        switch (record) {
            case McapRecord.Schema schema -> definitions.define(schema);
            case McapRecord.Channel channel -> definitions.define(channel, site);
            case McapRecord.Message message -> {
                return definitions.resolve(message, query, site);
            }
            default -> {
                // Index records, headers and unknown opcodes carry nothing a reader in file order needs.
            }
        }
        return null;
    }
}
