package dev.touchstone.ingest.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.CRC32;

/**
 * An MCAP file opened for import: its {@link #summary()} and its {@link #messages(MessageQuery) messages}.
 *
 * <p>Opening reads the header, the footer and the summary section, checking the summary CRC. A file without a
 * summary section (or whose summary lacks per-channel message counts) is read once in full instead, which also
 * checks every CRC in it. The whole file is never held in memory: messages are read one chunk at a time.
 *
 * <p>Problems with the file are {@link McapException}s naming the file, the record and its offset. Reading from
 * disk can also fail with {@link java.io.UncheckedIOException}. Not thread-safe; the streams of one file share its
 * channel, so consume them one after another (or interleaved on one thread), not in parallel.
 */
public final class McapFile implements AutoCloseable {

    private static final int FOOTER_LENGTH = 20;
    private static final int RECORD_PREFIX = 9;

    private final ByteSource source;
    private final long dataEnd;
    private final McapSummary summary;
    private final List<McapRecord.ChunkIndex> chunkIndexes;

    private McapFile(ByteSource source) {
        this.source = source;
        String file = source.name();
        McapRecordReader.checkLeadingMagic(source);
        long size = source.size();
        int minimum = 2 * McapRecordReader.MAGIC.length + 2 * RECORD_PREFIX + 8 + FOOTER_LENGTH;
        if (size < minimum || !ByteBuffer.wrap(McapRecordReader.MAGIC).equals(
                source.read(size - McapRecordReader.MAGIC.length, McapRecordReader.MAGIC.length))) {
            throw McapException.ofFile(file, "does not end with the MCAP magic bytes: the file is truncated or its "
                    + "writer did not finish it (" + size + " bytes)");
        }
        McapRecord.Header header = readHeader(file);
        long footerOffset = size - McapRecordReader.MAGIC.length - RECORD_PREFIX - FOOTER_LENGTH;
        McapRecord.Footer footer = readFooter(file, footerOffset);

        long summaryStart = footer.summaryStart();
        long summaryOffsetStart = footer.summaryOffsetStart();
        if (summaryStart != 0 && (summaryStart < McapRecordReader.MAGIC.length || summaryStart > footerOffset)) {
            throw McapException.ofRecord(file, "Footer", footerOffset, "summary_start " + summaryStart
                    + " is outside the file's record area (8 to " + footerOffset + ")");
        }
        if (summaryOffsetStart != 0 && (summaryOffsetStart < Math.max(summaryStart, McapRecordReader.MAGIC.length)
                || summaryOffsetStart > footerOffset)) {
            throw McapException.ofRecord(file, "Footer", footerOffset, "summary_offset_start " + summaryOffsetStart
                    + " is outside the summary area (" + summaryStart + " to " + footerOffset + ")");
        }
        this.dataEnd = summaryStart != 0 ? summaryStart : summaryOffsetStart != 0 ? summaryOffsetStart
                : footerOffset;
        checkSummaryCrc(file, footer, footerOffset);

        SummarySection section = summaryStart == 0 ? null
                : readSummary(file, summaryStart, summaryOffsetStart != 0 ? summaryOffsetStart : footerOffset);
        if (section != null && section.usable()) {
            this.chunkIndexes = section.chunkIndexes;
            McapRecord.Statistics statistics = section.statistics;
            boolean indexed = !section.chunkIndexes.isEmpty()
                    && section.chunkIndexes.size() == statistics.chunkCount();
            this.summary = new McapSummary(header.profile(), header.library(), section.definitions.schemas,
                    section.definitions.channels, statistics.channelMessageCounts(), statistics.messageCount(),
                    statistics.messageStartTime(), statistics.messageEndTime(), statistics.chunkCount(),
                    statistics.attachmentCount(), statistics.metadataCount(), McapSummary.Source.SUMMARY_SECTION,
                    indexed);
        } else {
            ScanResult scan = scan(header, section == null ? new Definitions() : section.definitions);
            this.chunkIndexes = scan.summary.indexed() ? scan.chunkPositions : List.of();
            this.summary = scan.summary;
        }
    }

    /** Opens a file; the caller closes the returned {@code McapFile}. */
    public static McapFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new McapFile(new ByteSource(channel, path.toString()));
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens any seekable channel (an upload in object storage, a test's in-memory file); {@code name} is what error
     * messages call it. Closing the {@code McapFile} closes the channel; so does failing to open it.
     */
    public static McapFile open(SeekableByteChannel channel, String name) {
        try {
            return new McapFile(new ByteSource(channel, name));
        } catch (RuntimeException e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The name errors use for this file. */
    public String name() {
        return source.name();
    }

    public McapSummary summary() {
        return summary;
    }

    /** Every message, in log-time order when {@link McapSummary#indexed()}, in file order otherwise. */
    public Stream<McapMessage> messages() {
        return messages(MessageQuery.all());
    }

    /** The messages of some channels, in log-time order when {@link McapSummary#indexed()}, else file order. */
    public Stream<McapMessage> messages(Collection<Integer> channelIds) {
        return messages(MessageQuery.all().onChannels(channelIds));
    }

    /**
     * The messages a query asks for. Log-time order uses the chunk index: only chunks that may hold wanted messages
     * are read, each CRC-checked. File order (asked for, or because the file is not indexed) reads the data section
     * front to back and also checks the data section CRC when it reaches the DataEnd record, so a corrupt file can
     * fail after some messages have already been returned.
     */
    public Stream<McapMessage> messages(MessageQuery query) {
        Supplier<McapMessage> next;
        if (query.order() == MessageOrder.LOG_TIME && summary.indexed()) {
            next = new IndexedMessages(source, chunkIndexes, dataEnd, definitions(), query)::next;
        } else {
            next = new DataScanner(source, dataEnd, dataEndName(), definitions(), query)::next;
        }
        Iterator<McapMessage> iterator = new Iterator<>() {
            private McapMessage pending;

            @Override
            public boolean hasNext() {
                if (pending == null) {
                    pending = next.get();
                }
                return pending != null;
            }

            @Override
            public McapMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                McapMessage message = pending;
                pending = null;
                return message;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Reads the whole data section, checking every chunk CRC and the data section CRC, and returns the summary
     * that the data itself gives (which may differ from a summary section that lies).
     */
    public McapSummary verify() {
        return scan(readHeader(source.name()), new Definitions()).summary;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private Definitions definitions() {
        return new Definitions(summary.schemas(), summary.channels());
    }

    private String dataEndName() {
        return "the end of the data section at offset " + dataEnd;
    }

    private record ScanResult(McapSummary summary, List<McapRecord.ChunkIndex> chunkPositions) {
    }

    private ScanResult scan(McapRecord.Header header, Definitions definitions) {
        DataScanner scanner = new DataScanner(source, dataEnd, dataEndName(), definitions, MessageQuery.all()
                .inOrder(MessageOrder.FILE));
        Map<Integer, Long> counts = new HashMap<>();
        long count = 0;
        long start = 0;
        long end = 0;
        for (McapMessage message = scanner.next(); message != null; message = scanner.next()) {
            long time = message.logTime();
            if (count == 0 || Long.compareUnsigned(time, start) < 0) {
                start = time;
            }
            if (count == 0 || Long.compareUnsigned(time, end) > 0) {
                end = time;
            }
            count++;
            counts.merge(message.channel().id(), 1L, Long::sum);
        }
        // Messages outside chunks have no position a time-ordered reader could find, so such files stay in
        // file order; so do files without chunks, where file order is all there is.
        boolean indexed = !scanner.messagesOutsideChunks && !scanner.chunkPositions.isEmpty();
        McapSummary result = new McapSummary(header.profile(), header.library(), definitions.schemas,
                definitions.channels, counts, count, start, end, scanner.chunkPositions.size(),
                scanner.attachmentCount, scanner.metadataCount, McapSummary.Source.FULL_SCAN, indexed);
        return new ScanResult(result, scanner.chunkPositions);
    }

    private McapRecord.Header readHeader(String file) {
        RecordCursor cursor = new RecordCursor(source, McapRecordReader.MAGIC.length, source.size(),
                "the end of the file", null);
        int opcode = cursor.peekOpcode();
        if (opcode != Opcode.HEADER.code()) {
            throw McapException.ofRecord(file, Opcode.nameOf(opcode), McapRecordReader.MAGIC.length,
                    "the first record must be a Header");
        }
        return (McapRecord.Header) cursor.next();
    }

    private McapRecord.Footer readFooter(String file, long footerOffset) {
        ByteBuffer prefix = source.read(footerOffset, RECORD_PREFIX);
        if (prefix.get(0) != Opcode.FOOTER.code() || prefix.getLong(1) != FOOTER_LENGTH) {
            throw McapException.ofFile(file, "has no Footer record before its trailing magic bytes (expected at "
                    + "offset " + footerOffset + "): the file is truncated or corrupt");
        }
        RecordCursor cursor = new RecordCursor(source, footerOffset, footerOffset + RECORD_PREFIX + FOOTER_LENGTH,
                "the trailing magic bytes", null);
        return (McapRecord.Footer) cursor.next();
    }

    private void checkSummaryCrc(String file, McapRecord.Footer footer, long footerOffset) {
        if (footer.summaryCrc() == 0) {
            return;
        }
        // The CRC runs from the summary section (or where it would be) through the footer's summary_offset_start.
        long from = footer.summaryStart() != 0 ? footer.summaryStart()
                : footer.summaryOffsetStart() != 0 ? footer.summaryOffsetStart() : footerOffset;
        CRC32 crc = new CRC32();
        source.updateCrc(crc, from, footerOffset + RECORD_PREFIX + 16 - from);
        if (crc.getValue() != footer.summaryCrc()) {
            throw McapException.ofRecord(file, "Footer", footerOffset, String.format("summary CRC mismatch: the "
                    + "footer records 0x%08x but the summary section gives 0x%08x", footer.summaryCrc(),
                    crc.getValue()));
        }
    }

    /** What the summary section holds. */
    private static final class SummarySection {
        final Definitions definitions = new Definitions();
        final List<McapRecord.ChunkIndex> chunkIndexes = new ArrayList<>();
        McapRecord.Statistics statistics;

        /**
         * Whether the section answers what {@link McapSummary} promises: message counts per channel (or no
         * messages at all) and the channels those counts refer to.
         */
        boolean usable() {
            if (statistics == null) {
                return false;
            }
            if (statistics.messageCount() == 0) {
                return true;
            }
            return !statistics.channelMessageCounts().isEmpty()
                    && definitions.channels.keySet().containsAll(statistics.channelMessageCounts().keySet());
        }
    }

    private SummarySection readSummary(String file, long start, long end) {
        SummarySection section = new SummarySection();
        RecordCursor cursor = new RecordCursor(source, start, end, "the end of the summary section at offset "
                + end, null);
        while (cursor.hasMore()) {
            McapRecord record = cursor.next();
            Site site = Site.inFile(file, Opcode.nameOf(record), cursor.recordOffset());
            switch (record) {
                case McapRecord.Schema schema -> section.definitions.define(schema);
                case McapRecord.Channel channel -> section.definitions.define(channel, site);
                case McapRecord.ChunkIndex chunkIndex -> section.chunkIndexes.add(chunkIndex);
                case McapRecord.Statistics statistics -> section.statistics = statistics;
                default -> {
                    // Attachment and metadata indexes are not needed for import; unknown opcodes are skipped.
                }
            }
        }
        return section;
    }
}
