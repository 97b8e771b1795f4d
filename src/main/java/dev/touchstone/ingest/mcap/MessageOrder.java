package dev.touchstone.ingest.mcap;

/** In which order {@link McapFile#messages(MessageQuery)} returns messages. */
public enum MessageOrder {
    /**
     * Ascending log time (ties in file order). Needs to know where every chunk is, from the chunk index or from a
     * full scan ({@link McapSummary#indexed()}); otherwise the file is read in {@link #FILE} order.
     */
    LOG_TIME,
    /** The order the records are in the file: one pass, one chunk in memory at a time. */
    FILE
}
