package dev.touchstone.ingest;

import java.io.IOException;

/** A file that is not what its format says: corrupt, truncated, a bad CRC, a missing required part. */
public class ImportFormatException extends IOException {

    public ImportFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    public ImportFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
