package dev.touchstone.dataset.pointcloud;

import java.io.IOException;

/**
 * A point-cloud file or frame that cannot be read. The message always starts with the source (file name or whatever
 * the caller named the bytes) so that it can be shown to the person who uploaded it as it is.
 */
public class PointCloudFormatException extends IOException {

    private final String source;
    private final String problem;

    public PointCloudFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    public PointCloudFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file name (or other name) the bytes were read under. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source. */
    public String problem() {
        return problem;
    }
}
