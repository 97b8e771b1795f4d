package dev.touchstone.ingest.mcap;

/**
 * A file that is not a valid MCAP file, or uses a feature this reader does not support. The message always starts
 * with the file's name and, when the problem sits in a record, names that record and its byte offset, so that an
 * import report can show it to a person as is.
 *
 * <p>Unchecked because most problems surface while iterating messages, where checked exceptions cannot pass.
 */
public class McapException extends RuntimeException {

    private final String file;
    private final long offset;

    McapException(String file, long offset, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.offset = offset;
    }

    /** A problem with the file as a whole (magic, size, footer position). */
    static McapException ofFile(String file, String problem) {
        return new McapException(file, -1, file + ": " + problem, null);
    }

    /** A problem in the record with the given opcode name that starts at {@code offset} in the file. */
    static McapException ofRecord(String file, String record, long offset, String problem) {
        return new McapException(file, offset, file + ": " + record + " record at offset " + offset + ": " + problem,
                null);
    }

    /** The name the file was opened with (its path, usually). */
    public String file() {
        return file;
    }

    /** Byte offset in the file of the record at fault, or -1 when the problem is not tied to one record. */
    public long offset() {
        return offset;
    }
}
