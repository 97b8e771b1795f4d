package dev.touchstone.ingest.mcap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Messages in log-time order, using where the chunks are and which times they span.
 *
 * <p>Chunks are opened in order of their earliest message; a message is handed out only once every chunk that could
 * hold an earlier one has been opened. Recorders write in roughly increasing time, so usually one chunk (two at a
 * boundary) is in memory; chunks that overlap in time are all held until the merge is past them.
 *
 * <p>Chunks whose time span misses the query, or whose message index shows none of the wanted channels, are not read.
 */
final class IndexedMessages {

    private record Pending(McapMessage message, long chunkOffset, int recordOffset) {
    }

    private static final Comparator<Pending> ORDER = Comparator
            .comparing((Pending p) -> p.message().logTime(), Long::compareUnsigned)
            .thenComparingLong(Pending::chunkOffset)
            .thenComparingInt(Pending::recordOffset);

    private final ByteSource source;
    private final long dataEnd;
    private final Definitions definitions;
    private final MessageQuery query;
    private final List<McapRecord.ChunkIndex> chunks;
    private final PriorityQueue<Pending> ready = new PriorityQueue<>(ORDER);
    private int nextChunk;

    /** @param dataEnd where the data section ends; chunk positions beyond it are corrupt */
    IndexedMessages(ByteSource source, List<McapRecord.ChunkIndex> chunkIndexes, long dataEnd,
                    Definitions definitions, MessageQuery query) {
        this.source = source;
        this.dataEnd = dataEnd;
        this.definitions = definitions;
        this.query = query;
        List<McapRecord.ChunkIndex> wanted = new ArrayList<>();
        for (McapRecord.ChunkIndex chunk : chunkIndexes) {
            if (query.overlaps(chunk.messageStartTime(), chunk.messageEndTime()) && mayHoldWantedChannel(chunk)) {
                wanted.add(chunk);
            }
        }
        wanted.sort(Comparator.comparing(McapRecord.ChunkIndex::messageStartTime, Long::compareUnsigned)
                .thenComparingLong(McapRecord.ChunkIndex::chunkStartOffset));
        this.chunks = wanted;
    }

    McapMessage next() {
        while (nextChunk < chunks.size() && (ready.isEmpty() || Long.compareUnsigned(
                chunks.get(nextChunk).messageStartTime(), ready.peek().message().logTime()) <= 0)) {
            open(chunks.get(nextChunk++));
        }
        Pending next = ready.poll();
        return next == null ? null : next.message();
    }

    private boolean mayHoldWantedChannel(McapRecord.ChunkIndex chunk) {
        if (query.channelIds().isEmpty() || chunk.messageIndexOffsets().isEmpty()) {
            return true;
        }
        return chunk.messageIndexOffsets().keySet().stream().anyMatch(query.channelIds()::contains);
    }

    private void open(McapRecord.ChunkIndex index) {
        long offset = index.chunkStartOffset();
        long length = index.chunkLength();
        if (offset < McapRecordReader.MAGIC.length || length > dataEnd - offset) {
            throw McapException.ofFile(source.name(), "the chunk index places a chunk of " + length
                    + " bytes at offset " + offset + ", outside the data section (offsets 8 to " + dataEnd + ")");
        }
        RecordCursor cursor = new RecordCursor(source, offset, offset + length,
                "the end of the chunk as the chunk index gives it", null);
        int opcode = cursor.peekOpcode();
        if (opcode != Opcode.CHUNK.code()) {
            throw McapException.ofRecord(source.name(), Opcode.nameOf(opcode), offset,
                    "the chunk index points here, but this is not a Chunk record");
        }
        McapRecord.Chunk chunk = (McapRecord.Chunk) cursor.next();
        ChunkRecords records = new ChunkRecords(ChunkDecoder.decode(chunk, Site.inFile(source.name(), "Chunk",
                offset)), source.name(), offset);
        while (records.hasMore()) {
            McapRecord record = records.next();
            switch (record) {
                case McapRecord.Schema schema -> definitions.define(schema);
                case McapRecord.Channel channel -> definitions.define(channel, records.site(record));
                case McapRecord.Message message -> {
                    McapMessage resolved = definitions.resolve(message, query, records.site(record));
                    if (resolved != null) {
                        ready.add(new Pending(resolved, offset, records.recordOffset()));
                    }
                }
                default -> {
                    // Chunks hold only schemas, channels and messages; anything else is skipped.
                }
            }
        }
    }
}
