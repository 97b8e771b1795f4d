package dev.touchstone.ingest.mcap;

/**
 * Where a record is, for error messages: the file, the record's name and offset, and for a record inside a chunk,
 * which chunk (offsets inside a chunk count from the start of its uncompressed records, as message indexes do).
 */
record Site(String file, String record, long offset, long chunkOffset) {

    static final long NOT_IN_CHUNK = -1;

    static Site inFile(String file, String record, long offset) {
        return new Site(file, record, offset, NOT_IN_CHUNK);
    }

    static Site inChunk(String file, String record, long offsetInChunk, long chunkOffset) {
        return new Site(file, record, offsetInChunk, chunkOffset);
    }

    McapException error(String problem) {
        if (chunkOffset == NOT_IN_CHUNK) {
            return McapException.ofRecord(file, record, offset, problem);
        }
        return new McapException(file, chunkOffset, file + ": " + record + " record at offset " + offset
                + " of the uncompressed data of the Chunk record at offset " + chunkOffset + ": " + problem, null);
    }

    McapException error(String problem, Throwable cause) {
        McapException plain = error(problem);
        return new McapException(plain.file(), plain.offset(), plain.getMessage(), cause);
    }
}
